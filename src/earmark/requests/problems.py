"""Problem reports (docs/problems.md): a requester says the copy in the library is wrong; an admin
dismisses the report or replaces the copy (`library/replacement.py` starts and finishes that).

A request has at most one open report. While a replacement runs, the report keeps the old copy's
folder (`replacing_path`); when the pipeline ends without a new copy (no acceptable release, a
failed search or import), `lifecycle.transition` asks `replacement_stopped` and puts the request
back to available: the old copy stays, the report stays open with the reason.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from earmark.core.errors import InvalidInput
from earmark.requests.errors import NoOpenProblem, ProblemAlreadyReported
from earmark.requests.guards import require_allowed
from earmark.requests.models import ProblemReport, Request
from earmark.requests.notify import NotificationEvent, notify_event
from earmark.requests.problem_states import NOTE_MAX_LENGTH, ProblemReason, ProblemStatus
from earmark.requests.schemas import Requester
from earmark.requests.states import RequestAction, RequestStatus

REPLACEMENT_STOPS: Final = frozenset(
    {
        RequestStatus.AWAITING_SEARCH,
        RequestStatus.FAILED,
        RequestStatus.WARN,
        RequestStatus.CANCELLED,
    }
)
"""A replacing request that reaches one of these found no new copy: it goes back to available
(a cancelled one stays cancelled; its replacement ends, so a later import is no replacement)."""


def clean_note(note: str | None) -> str | None:
    cleaned = (note or "").strip()
    if len(cleaned) > NOTE_MAX_LENGTH:
        raise InvalidInput(f"The note is longer than {NOTE_MAX_LENGTH} characters.")
    return cleaned or None


def parse_reason(text: str) -> ProblemReason:
    try:
        return ProblemReason(text)
    except ValueError:
        choices = ", ".join(reason.value for reason in ProblemReason)
        raise InvalidInput(f"Choose a reason: one of {choices}.") from None


def open_report(session: Session, request_id: uuid.UUID) -> ProblemReport | None:
    return session.scalar(
        select(ProblemReport).where(
            ProblemReport.request_id == request_id, ProblemReport.status == ProblemStatus.OPEN
        )
    )


def latest_report(session: Session, request_id: uuid.UUID) -> ProblemReport | None:
    """The request's newest report, whatever its state (what the request page shows)."""
    return session.scalar(
        select(ProblemReport)
        .where(ProblemReport.request_id == request_id)
        .order_by(ProblemReport.created_at.desc())
        .limit(1)
    )


def open_reports(session: Session) -> Sequence[ProblemReport]:
    """Every open report, oldest first (the admins' list)."""
    return session.scalars(
        select(ProblemReport)
        .where(ProblemReport.status == ProblemStatus.OPEN)
        .order_by(ProblemReport.created_at)
    ).all()


def report_problem(
    session: Session,
    request: Request,
    reporter: Requester,
    reason: ProblemReason,
    note: str | None,
    *,
    now: datetime,
) -> ProblemReport:
    """The owner (or an admin) reports the available copy as wrong; admins are told."""
    require_allowed(request.status, RequestAction.REPORT_PROBLEM)
    if open_report(session, request.id) is not None:
        raise ProblemAlreadyReported("A problem with this copy is already reported.")
    report = ProblemReport(
        request_id=request.id,
        user_id=reporter.user_id,
        reason=reason,
        note=clean_note(note),
        status=ProblemStatus.OPEN,
        created_at=now,
    )
    session.add(report)
    words = reason.label + (f": {report.note}" if report.note else "")
    notify_event(session, request.id, NotificationEvent.PROBLEM_REPORTED, reason=words)
    return report


def require_open_report(session: Session, request: Request, action: RequestAction) -> ProblemReport:
    require_allowed(request.status, action)
    report = open_report(session, request.id)
    if report is None:
        raise NoOpenProblem("No problem is reported on this request.")
    return report


def dismiss_problem(
    session: Session,
    request: Request,
    admin_id: uuid.UUID,
    note: str | None,
    *,
    now: datetime,
) -> ProblemReport:
    """An admin keeps the copy; the requester sees the note."""
    report = require_open_report(session, request, RequestAction.DISMISS_PROBLEM)
    report.status = ProblemStatus.DISMISSED
    report.admin_note = clean_note(note)
    report.resolved_at = now
    report.resolved_by = admin_id
    notify_event(session, request.id, NotificationEvent.PROBLEM_DISMISSED, reason=report.admin_note)
    return report


def replacing_path(session: Session, request_id: uuid.UUID) -> str | None:
    """The old copy's folder while a replacement of this request runs, else None."""
    report = open_report(session, request_id)
    return report.replacing_path if report is not None else None


def is_replacing(session: Session, request_id: uuid.UUID) -> bool:
    report = open_report(session, request_id)
    return report is not None and report.replace_started_at is not None


def replacing_request_ids(session: Session) -> set[uuid.UUID]:
    """Requests whose replacement runs: library scans must not mark them available by the old
    copy, which is still in the library until the new one is imported."""
    return set(
        session.scalars(
            select(ProblemReport.request_id).where(
                ProblemReport.status == ProblemStatus.OPEN,
                ProblemReport.replace_started_at.is_not(None),
            )
        )
    )


def replacement_stopped(session: Session, request_id: uuid.UUID, reason: str | None) -> str | None:
    """Called when a request reaches a `REPLACEMENT_STOPS` status: if it was being replaced, end
    the replacement (the report stays open with the reason) and return the words for its return
    to available; else None."""
    report = open_report(session, request_id)
    if report is None or report.replace_started_at is None:
        return None
    report.replace_started_at = None
    report.replacing_path = None
    report.replace_note = f"No replacement was found: {reason or 'no reason given'}"
    return f"{report.replace_note}. The old copy stays in the library."


def replacement_imported(session: Session, request_id: uuid.UUID, *, now: datetime) -> str | None:
    """The new copy is imported (and the old files removed): the report is resolved. Returns the
    old copy's folder (None when this was no replacement or no folder was known)."""
    report = open_report(session, request_id)
    if report is None or report.replace_started_at is None:
        return None
    old_folder = report.replacing_path
    report.status = ProblemStatus.RESOLVED
    report.resolved_at = now
    report.replace_started_at = None
    report.replacing_path = None
    report.replace_note = None
    return old_folder
