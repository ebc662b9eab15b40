"""What the pages show of problem reports (docs/problems.md)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from earmark.requests.models import Audiobook, ProblemReport, Request
from earmark.requests.problem_states import ProblemReason, ProblemStatus
from earmark.requests.problems import open_reports
from earmark.users.models import User


def problem_context(problem: ProblemReport | None) -> dict[str, Any]:
    """The request page's panel: the newest report and the vocabulary its template names."""
    return {"problem": problem, "ProblemStatus": ProblemStatus, "ProblemReason": ProblemReason}


@dataclass(frozen=True)
class OpenProblemRow:
    report: ProblemReport
    request_id: uuid.UUID
    title: str
    author: str
    reported_by: str


def open_problem_rows(session: Session) -> list[OpenProblemRow]:
    """The admins' list: every open report with its book and who reported it, oldest first."""
    reports = open_reports(session)
    request_ids = {report.request_id for report in reports}
    books = {
        request_id: book
        for request_id, book in session.execute(
            select(Request.id, Audiobook)
            .join(Audiobook, Audiobook.id == Request.audiobook_id)
            .where(Request.id.in_(request_ids))
        ).all()
    }
    user_ids = {report.user_id for report in reports}
    names = {
        user.id: user.plex_username or "?"
        for user in session.scalars(select(User).where(User.id.in_(user_ids)))
    }
    return [
        OpenProblemRow(
            report=report,
            request_id=report.request_id,
            title=books[report.request_id].title,
            author=books[report.request_id].author,
            reported_by=names.get(report.user_id, "?"),
        )
        for report in reports
    ]
