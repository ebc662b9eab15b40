"""The one function every request status change goes through."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from earmark.core.events import EventLog, NullEventLog
from earmark.requests.errors import InvalidTransition
from earmark.requests.models import Audiobook, Request, RequestStatusChange
from earmark.requests.notify import notify_status_change
from earmark.requests.problems import REPLACEMENT_STOPS, replacement_stopped
from earmark.requests.states import (
    AUDIOBOOK_STATUS_OF,
    NEEDS_ATTENTION,
    REASON_KEPT,
    RequestStatus,
    can_transition,
)


def transition(
    session: Session,
    request: Request,
    target: RequestStatus,
    *,
    now: datetime,
    reason: str | None = None,
    log: EventLog | None = None,
) -> None:
    """Validate and apply a status change, record it, and keep the audiobook row in step."""
    current = request.status
    if not can_transition(current, target):
        raise InvalidTransition(current, target)
    request.status = target
    request.error_message = reason if target in REASON_KEPT else None
    request.updated_at = now
    if target == RequestStatus.AVAILABLE:
        request.progress = 100
        request.completed_at = now
        request.search_attempts = request.download_attempts = request.import_attempts = 0
    elif target in {RequestStatus.SEARCHING, RequestStatus.PENDING}:
        request.progress = 0
    _record(session, request, current, target, reason, now)
    book = session.get(Audiobook, request.audiobook_id)
    if book is not None and target in AUDIOBOOK_STATUS_OF:
        book.status = AUDIOBOOK_STATUS_OF[target]
        if target == RequestStatus.AVAILABLE and book.completed_at is None:
            book.completed_at = now
    message = f"Request {current} → {target}" + (f": {reason}" if reason else "")
    level_log = log or NullEventLog()
    if target in NEEDS_ATTENTION:
        level_log.warn(message, request_id=str(request.id), status=target)
    else:
        level_log.info(message, request_id=str(request.id), status=target)
    if target in REPLACEMENT_STOPS:
        _end_failed_replacement(session, request, reason, now, log)


def _end_failed_replacement(
    session: Session, request: Request, reason: str | None, now: datetime, log: EventLog | None
) -> None:
    """A replacement that found no new copy: the old one is still there, so back to available."""
    words = replacement_stopped(session, request.id, reason)
    if words is not None and can_transition(request.status, RequestStatus.AVAILABLE):
        transition(session, request, RequestStatus.AVAILABLE, now=now, reason=words, log=log)


def record_created(session: Session, request: Request, *, now: datetime) -> None:
    """Record a new request's first status (the history's row from no status)."""
    _record(session, request, None, request.status, None, now)


def _record(
    session: Session,
    request: Request,
    current: RequestStatus | None,
    target: RequestStatus,
    reason: str | None,
    now: datetime,
) -> None:
    """The one place a status change is written down, and so announced (requests/notify.py)."""
    session.add(
        RequestStatusChange(
            request_id=request.id,
            from_status=current,
            to_status=target,
            reason=reason,
            created_at=now,
        )
    )
    notify_status_change(session, request.id, current, target, reason)
