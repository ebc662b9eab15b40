"""What a requester or an admin can be told about a request, and how the domain says it happened.

`NotificationEvent` is the one list of events (admin channels and each user's settings choose
from it). `EVENT_OF_STATUS` maps request statuses to events: `lifecycle.transition` and
`lifecycle.record_created` call `notify_status_change`, so every status path notifies without code
of its own. Events that are no status change (an approval decided) are announced with
`notify_event(session, request, NotificationEvent.APPROVED, reason=note)` in the transaction that
made the change.

Nothing is sent here: the event is kept on the session and handed to the sender registered with
`on_notice` only once the transaction commits (a rolled-back change tells nobody), and the sender
works in the background (notifications/dispatch.py), so the caller is never delayed or failed.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from sqlalchemy import event
from sqlalchemy.orm import Session

from earmark.db.engine import SessionFactory
from earmark.requests.states import RequestStatus


class NotificationEvent(StrEnum):
    REQUEST_MADE = "request_made"
    NEEDS_APPROVAL = "needs_approval"
    APPROVED = "approved"
    DECLINED = "declined"
    DOWNLOADING = "downloading"
    AVAILABLE = "available"
    FAILED = "failed"
    NEEDS_ATTENTION = "needs_attention"
    PROBLEM_REPORTED = "problem_reported"
    PROBLEM_DISMISSED = "problem_dismissed"
    NEW_RELEASE = "new_release"
    """A followed author or series has a book not seen before (no request involved)."""

    @property
    def label(self) -> str:
        return EVENT_LABELS[self]


EVENT_LABELS: Final[Mapping[NotificationEvent, str]] = {
    NotificationEvent.REQUEST_MADE: "Request made",
    NotificationEvent.NEEDS_APPROVAL: "Needs approval",
    NotificationEvent.APPROVED: "Approved",
    NotificationEvent.DECLINED: "Declined",
    NotificationEvent.DOWNLOADING: "Downloading",
    NotificationEvent.AVAILABLE: "Available",
    NotificationEvent.FAILED: "Failed",
    NotificationEvent.NEEDS_ATTENTION: "Needs attention",
    NotificationEvent.PROBLEM_REPORTED: "Problem reported",
    NotificationEvent.PROBLEM_DISMISSED: "Problem report dismissed",
    NotificationEvent.NEW_RELEASE: "New from an author or series you follow",
}

EVENT_OF_STATUS: Final[Mapping[RequestStatus, NotificationEvent]] = {
    RequestStatus.PENDING_APPROVAL: NotificationEvent.NEEDS_APPROVAL,
    RequestStatus.DECLINED: NotificationEvent.DECLINED,
    RequestStatus.DOWNLOADING: NotificationEvent.DOWNLOADING,
    RequestStatus.AVAILABLE: NotificationEvent.AVAILABLE,
    RequestStatus.FAILED: NotificationEvent.FAILED,
    RequestStatus.WARN: NotificationEvent.NEEDS_ATTENTION,
}
"""The request statuses worth telling someone about. A new request is `REQUEST_MADE`, and also
its first status's event when that status is listed here (a request created waiting for approval)."""


def parse_events(values: object) -> list[NotificationEvent]:
    """The known events among stored or submitted values, in the enum's order."""
    chosen = {str(v) for v in values} if isinstance(values, list | tuple | set) else set()
    return [e for e in NotificationEvent if e.value in chosen]


@dataclass(frozen=True)
class Notice:
    request_id: uuid.UUID
    event: NotificationEvent
    reason: str | None = None


@dataclass(frozen=True)
class ReleaseNotice:
    """A book new to something `user_id` follows (the `NEW_RELEASE` event; no request)."""

    user_id: uuid.UUID
    followed: str
    asin: str
    title: str
    author: str
    release_date: str | None = None
    event: NotificationEvent = NotificationEvent.NEW_RELEASE


AnyNotice = Notice | ReleaseNotice
NoticeSink = Callable[[list[AnyNotice]], None]

_PENDING_KEY = "earmark.notices"


def notify_event(
    session: Session, request_id: uuid.UUID, event_: NotificationEvent, reason: str | None = None
) -> None:
    """Announce `event_` for a request once the caller's transaction commits."""
    session.info.setdefault(_PENDING_KEY, []).append(Notice(request_id, event_, reason))


def notify_release(session: Session, notice: ReleaseNotice) -> None:
    """Tell a follower about a new book once the caller's transaction commits."""
    session.info.setdefault(_PENDING_KEY, []).append(notice)


def notify_status_change(
    session: Session,
    request_id: uuid.UUID,
    from_status: RequestStatus | None,
    to_status: RequestStatus,
    reason: str | None,
) -> None:
    """Called by the lifecycle for every recorded change (from None: the request was made)."""
    if from_status is None:
        notify_event(session, request_id, NotificationEvent.REQUEST_MADE, reason)
    if from_status != to_status and to_status in EVENT_OF_STATUS:
        notify_event(session, request_id, EVENT_OF_STATUS[to_status], reason)


def on_notice(sessions: SessionFactory, sink: NoticeSink) -> None:
    """Hand the notices of each committed transaction of `sessions` to `sink`."""

    # Both events also fire when a savepoint (begin_nested) ends: only the outer transaction's
    # end decides whether the changes, and so their notices, happened.
    def committed(session: Session) -> None:
        if session.get_nested_transaction() is None:
            notices = session.info.pop(_PENDING_KEY, None)
            if notices:
                sink(notices)

    def rolled_back(session: Session) -> None:
        if session.get_nested_transaction() is None:
            session.info.pop(_PENDING_KEY, None)

    event.listen(sessions, "after_commit", committed)
    event.listen(sessions, "after_rollback", rolled_back)
