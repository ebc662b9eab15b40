"""Read models for admin pages: users with request counts, recent jobs, and filtered job events."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from earmark.queue.admin import EventFilter, list_events
from earmark.queue.models import EVENT_LEVELS, JOB_TYPES, Job, JobEvent
from earmark.requests.models import Audiobook, Request
from earmark.users.models import User, UserPermissions
from earmark.users.schemas import PermissionOverrides

LOG_PAGE_SIZE = 50


@dataclass(frozen=True)
class UserRow:
    id: uuid.UUID
    username: str
    email: str | None
    role: str
    is_setup_admin: bool
    is_local: bool
    is_oidc: bool
    disabled: bool
    awaiting_approval: bool
    request_count: int
    last_login_at: datetime | None
    permissions: dict[str, bool | int | str | None]
    """The user's own permission overrides (None: the server's default)."""


@dataclass(frozen=True)
class LogFilter:
    level: str = ""
    job_type: str = ""
    request_id: str = ""
    text: str = ""
    page: int = 1

    @property
    def active(self) -> bool:
        return bool(self.level or self.job_type or self.request_id or self.text)


@dataclass(frozen=True)
class LogRow:
    id: uuid.UUID
    created_at: datetime
    level: str
    context: str
    message: str
    job_type: str
    job_status: str
    request_id: uuid.UUID | None
    book_title: str | None


@dataclass(frozen=True)
class LogPage:
    rows: list[LogRow]
    total: int
    page: int
    pages: int


def users_with_counts(session: Session) -> list[UserRow]:
    grouped = session.execute(select(Request.user_id, func.count()).group_by(Request.user_id))
    counts = {user_id: int(count) for user_id, count in grouped.all()}
    users = session.scalars(select(User).order_by(User.plex_username)).all()
    own = {row.user_id: row for row in session.scalars(select(UserPermissions)).all()}
    return [
        UserRow(
            id=u.id,
            username=u.plex_username,
            email=u.plex_email,
            role=u.role,
            is_setup_admin=u.is_setup_admin,
            is_local=u.is_local,
            is_oidc=u.is_oidc,
            disabled=u.disabled,
            awaiting_approval=u.awaiting_approval,
            request_count=int(counts.get(u.id, 0)),
            last_login_at=u.last_login_at,
            permissions=PermissionOverrides.of(own.get(u.id) or UserPermissions()).model_dump(),
        )
        for u in users
    ]


def recent_jobs(session: Session, limit: int = 30) -> list[Job]:
    return list(session.scalars(select(Job).order_by(Job.created_at.desc()).limit(limit)).all())


def _uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value.strip()) if value.strip() else None
    except ValueError:
        return None


def _event_filter(flt: LogFilter) -> EventFilter:
    return EventFilter(
        level=flt.level if flt.level in EVENT_LEVELS else None,
        job_type=flt.job_type if flt.job_type in JOB_TYPES else None,
        request_id=_uuid_or_none(flt.request_id),
        text=flt.text.strip() or None,
    )


def _titles(session: Session, request_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not request_ids:
        return {}
    rows = session.execute(
        select(Request.id, Audiobook.title)
        .join(Audiobook, Audiobook.id == Request.audiobook_id)
        .where(Request.id.in_(request_ids))
    ).all()
    return {request_id: title for request_id, title in rows}


def _log_row(event: JobEvent, job: Job, titles: dict[uuid.UUID, str]) -> LogRow:
    return LogRow(
        id=event.id,
        created_at=event.created_at,
        level=event.level,
        context=event.context,
        message=event.message,
        job_type=job.type,
        job_status=job.status,
        request_id=job.request_id,
        book_title=titles.get(job.request_id) if job.request_id else None,
    )


def job_events(session: Session, flt: LogFilter) -> LogPage:
    """Newest-first job events matching `flt` (the queue's own filter), LOG_PAGE_SIZE per page."""
    where = _event_filter(flt)
    total = list_events(session, where, limit=1, offset=0).total
    pages = max(1, -(-total // LOG_PAGE_SIZE))
    page = min(max(1, flt.page), pages)
    events = list_events(session, where, limit=LOG_PAGE_SIZE, offset=(page - 1) * LOG_PAGE_SIZE)
    jobs = {e.job_id: e.job for e in events.items}
    titles = _titles(session, {j.request_id for j in jobs.values() if j.request_id})
    rows = [_log_row(event, jobs[event.job_id], titles) for event in events.items]
    return LogPage(rows=rows, total=total, page=page, pages=pages)
