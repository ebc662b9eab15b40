"""Problem reports (docs/problems.md): the owner (or an admin) reports an available copy as wrong;
an admin replaces the copy or dismisses the report. Others' requests look missing (404)."""

from __future__ import annotations

import uuid
from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field

from earmark.api.access import CurrentAdmin, CurrentUser, ServicesDep
from earmark.api.requests import requester_of
from earmark.api.thread_pools import PooledRoute
from earmark.db.engine import transaction
from earmark.library.replacement import start_replacement
from earmark.requests import problems, service
from earmark.requests.models import Audiobook, ProblemReport, Request
from earmark.requests.problem_states import NOTE_MAX_LENGTH, ProblemReason, ProblemStatus
from earmark.requests.states import RequestStatus

router = APIRouter(route_class=PooledRoute, tags=["problems"])


class ReportBody(BaseModel):
    reason: ProblemReason
    note: str | None = Field(default=None, max_length=NOTE_MAX_LENGTH)


class AdminNoteBody(BaseModel):
    note: str | None = Field(default=None, max_length=NOTE_MAX_LENGTH)


class ProblemOut(BaseModel):
    id: uuid.UUID
    request_id: uuid.UUID
    user_id: uuid.UUID
    reason: ProblemReason
    reason_label: str
    note: str | None
    status: ProblemStatus
    replacing: bool
    """A replacement runs (the old copy stays until the new one is imported)."""
    replace_note: str | None
    """Why the last replacement ended without a new copy."""
    admin_note: str | None
    created_at: datetime
    resolved_at: datetime | None


class OpenProblemOut(ProblemOut):
    title: str
    author: str
    request_status: RequestStatus


class OpenProblemList(BaseModel):
    problems: list[OpenProblemOut]


def problem_out(report: ProblemReport) -> ProblemOut:
    return ProblemOut(
        id=report.id,
        request_id=report.request_id,
        user_id=report.user_id,
        reason=report.reason,
        reason_label=report.reason.label,
        note=report.note,
        status=report.status,
        replacing=report.replace_started_at is not None,
        replace_note=report.replace_note,
        admin_note=report.admin_note,
        created_at=report.created_at,
        resolved_at=report.resolved_at,
    )


@router.post("/api/requests/{request_id}/problem", status_code=201)
def report(
    request_id: uuid.UUID, body: ReportBody, principal: CurrentUser, services: ServicesDep
) -> ProblemOut:
    requester = requester_of(principal)
    with transaction(services.sessions) as session:
        request = service.get_visible(session, requester, request_id)
        made = problems.report_problem(
            session, request, requester, body.reason, body.note, now=services.clock.now()
        )
        session.flush()
        return problem_out(made)


@router.get("/api/requests/{request_id}/problem")
def latest(
    request_id: uuid.UUID, principal: CurrentUser, services: ServicesDep
) -> ProblemOut | None:
    """The request's newest report (open, resolved or dismissed), or null."""
    with services.sessions() as session:
        request = service.get_visible(session, requester_of(principal), request_id)
        found = problems.latest_report(session, request.id)
        return problem_out(found) if found is not None else None


@router.post("/api/requests/{request_id}/replace")
def replace(
    request_id: uuid.UUID, body: AdminNoteBody, principal: CurrentAdmin, services: ServicesDep
) -> ProblemOut:
    """Blocklist the copy's release and search again; the old files stay until the new copy is
    imported, and stay for good when no new copy is found."""
    with transaction(services.sessions) as session:
        started = start_replacement(
            session, request_id, principal.id, body.note, now=services.clock.now()
        )
        return problem_out(started)


@router.post("/api/requests/{request_id}/dismiss-problem")
def dismiss(
    request_id: uuid.UUID, body: AdminNoteBody, principal: CurrentAdmin, services: ServicesDep
) -> ProblemOut:
    """Keep the copy; the requester sees the note."""
    with transaction(services.sessions) as session:
        request = service.get_visible(session, requester_of(principal), request_id)
        dismissed = problems.dismiss_problem(
            session, request, principal.id, body.note, now=services.clock.now()
        )
        return problem_out(dismissed)


@router.get("/api/admin/problems")
def open_problems(principal: CurrentAdmin, services: ServicesDep) -> OpenProblemList:
    """Every open report, oldest first."""
    with services.sessions() as session:
        listed = []
        for found in problems.open_reports(session):
            request = session.get_one(Request, found.request_id)
            book = session.get_one(Audiobook, request.audiobook_id)
            listed.append(
                OpenProblemOut(
                    **problem_out(found).model_dump(),
                    title=book.title,
                    author=book.author,
                    request_status=request.status,
                )
            )
        return OpenProblemList(problems=listed)
