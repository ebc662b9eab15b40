"""Request use cases: create (one per user and book), list, read, cancel, delete, retry, and the
approval workflow (approve, decline).

One audiobook row per ASIN (or, for a book requested by title, per title and author:
requests/manual.py) is shared by every user's request for it. The first live request for a
book leads the acquisition (its jobs search, download and import); later requests for the same
book follow the lead's status instead of downloading the book again.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime, time
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from earmark.core.errors import Forbidden, NotFound
from earmark.core.events import EventLog
from earmark.jobs import enqueue_job, enqueue_step
from earmark.jobs.payloads import ReleasePreorder, SearchIndexers
from earmark.requests import repository
from earmark.requests.errors import AlreadyAvailable, BadAsin, DuplicateRequest, InvalidTransition
from earmark.requests.guards import require_allowed
from earmark.requests.lifecycle import record_created, transition
from earmark.requests.manual import find_manual_book
from earmark.requests.models import Audiobook, Request
from earmark.requests.notify import NotificationEvent, notify_event
from earmark.requests.schemas import NewBook, Requester
from earmark.requests.states import (
    LEADS,
    LIVE,
    REOPENABLE,
    AudiobookStatus,
    RequestAction,
    RequestStatus,
)

ASIN_PATTERN = re.compile(r"^[A-Z0-9]{10}$")


class OwnershipCheck(Protocol):
    def __call__(self, session: Session, book: NewBook) -> bool:
        """True when the library already holds this book."""
        ...


def validate_asin(asin: str) -> str:
    cleaned = asin.strip().upper()
    if not ASIN_PATTERN.match(cleaned):
        raise BadAsin("An Audible ASIN is 10 letters or digits, e.g. B0036UC5QY.")
    return cleaned


def enqueue_search(session: Session, request: Request, now: datetime) -> None:
    enqueue_step(session, SearchIndexers(request_id=request.id), now=now, priority=request.priority)


def _existing_book(session: Session, book: NewBook) -> Audiobook | None:
    if book.asin is None:
        return find_manual_book(session, book)
    return repository.book_by_asin(session, book.asin)


def _ensure_book(session: Session, book: NewBook) -> Audiobook:
    existing = _existing_book(session, book)
    if existing is not None:
        if book.release_date and existing.release_date != book.release_date:
            existing.release_date = book.release_date  # the catalog moved a pre-order's date
        return existing
    row = Audiobook(
        audible_asin=book.asin,
        title=book.title,
        author=book.author,
        narrator=book.narrator,
        description=book.description,
        cover_art_url=book.cover_art_url,
        release_date=book.release_date,
        isbn=book.isbn,
        publication_year=book.year,
        status=AudiobookStatus.REQUESTED,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        # Another request created the row for this ASIN at the same moment: share it.
        found = _existing_book(session, book)
        if found is None:
            raise
        return found
    return row


def _lead_for(
    session: Session, audiobook_id: uuid.UUID, exclude: uuid.UUID | None = None
) -> Request | None:
    query = select(Request).where(Request.audiobook_id == audiobook_id, Request.status.in_(LEADS))
    if exclude is not None:
        query = query.where(Request.id != exclude)
    return session.scalar(query.order_by(Request.created_at, Request.id).limit(1))


def _duplicate_message(existing: Request) -> str:
    return f"You already requested this book; it is {existing.status.text}."


APPROVAL_REASON = "Waiting for an admin's approval"


def create_request(
    session: Session,
    user_id: uuid.UUID,
    book: NewBook,
    *,
    now: datetime,
    owned: OwnershipCheck,
    needs_approval: bool = False,
) -> Request:
    """Create the user's request for `book` (in the caller's transaction) and queue its search,
    or, when it `needs_approval`, leave it waiting for an admin (not searched until approved)."""
    if owned(session, book):
        raise AlreadyAvailable(f"'{book.title}' is already in the library; enjoy listening!")
    audiobook = _ensure_book(session, book)
    existing = repository.request_for(session, user_id, audiobook.id)
    if existing is not None:
        return _reopen_or_refuse(session, existing, now, needs_approval)
    request = Request(
        user_id=user_id,
        audiobook_id=audiobook.id,
        status=RequestStatus.PENDING,
        created_at=now,
        updated_at=now,
    )
    try:
        with session.begin_nested():
            session.add(request)
    except IntegrityError as exc:
        raise DuplicateRequest("You already requested this book.") from exc
    record_created(session, request, now=now)
    _start_or_wait(session, request, now, needs_approval)
    return request


def release_day(release_date: str | None) -> date | None:
    """The date part of a catalog release date ("2027-01-05" or with a time); None if unreadable."""
    try:
        return date.fromisoformat((release_date or "")[:10])
    except ValueError:
        return None


def _wait_for_release(session: Session, request: Request, now: datetime) -> bool:
    """A book released after today waits in awaiting_release; a job starts it on that day."""
    audiobook = session.get(Audiobook, request.audiobook_id)
    day = release_day(audiobook.release_date if audiobook else None)
    if day is None or day <= now.date():
        return False
    transition(
        session,
        request,
        RequestStatus.AWAITING_RELEASE,
        now=now,
        reason=f"Release date {day.isoformat()}",
    )
    _queue_release(session, request, day, now)
    return True


def _queue_release(session: Session, request: Request, day: date, now: datetime) -> None:
    enqueue_job(
        session,
        ReleasePreorder(request_id=request.id),
        now=now,
        # The day is part of the key: a job that finds the date moved queues the next one.
        dedupe_key=f"{ReleasePreorder.job_type}:{request.id}:{day.isoformat()}",
        run_after=datetime.combine(day, time(0, 0), tzinfo=UTC),
    )


def release_preorder(session: Session, request_id: uuid.UUID, *, now: datetime) -> bool:
    """On its release date a waiting pre-order is searched (or follows the book's lead).

    False when there is nothing to do: the request left awaiting_release (cancelled, found in the
    library), or its release date moved later (a new job was queued for that day).
    """
    request = session.get(Request, request_id)
    if request is None or request.status != RequestStatus.AWAITING_RELEASE:
        return False
    audiobook = session.get_one(Audiobook, request.audiobook_id)
    day = release_day(audiobook.release_date)
    if day is not None and day > now.date():
        _queue_release(session, request, day, now)
        return False
    transition(session, request, RequestStatus.PENDING, now=now, reason="Released")
    _start_or_wait(session, request, now, needs_approval=False)
    return True


def _start_or_wait(session: Session, request: Request, now: datetime, needs_approval: bool) -> None:
    """A pending request waits for approval, or for the book's release, or leads the book's
    acquisition, or follows its lead."""
    if needs_approval:
        transition(
            session, request, RequestStatus.PENDING_APPROVAL, now=now, reason=APPROVAL_REASON
        )
        return
    if _wait_for_release(session, request, now):
        return
    lead = _lead_for(session, request.audiobook_id, exclude=request.id)
    if lead is None:
        enqueue_search(session, request, now)
    elif lead.status != RequestStatus.PENDING:
        transition(session, request, RequestStatus.SEARCHING, now=now)
        _follow(session, request, lead, now)


# The statuses a new follower passes through to catch up with its lead.
_FOLLOW_PATHS: dict[RequestStatus, tuple[RequestStatus, ...]] = {
    RequestStatus.AWAITING_SEARCH: (RequestStatus.AWAITING_SEARCH,),
    RequestStatus.DOWNLOADING: (RequestStatus.DOWNLOADING,),
    RequestStatus.PROCESSING: (RequestStatus.DOWNLOADING, RequestStatus.PROCESSING),
    RequestStatus.AWAITING_IMPORT: (
        RequestStatus.DOWNLOADING,
        RequestStatus.PROCESSING,
        RequestStatus.AWAITING_IMPORT,
    ),
    RequestStatus.WARN: (RequestStatus.DOWNLOADING, RequestStatus.PROCESSING, RequestStatus.WARN),
    RequestStatus.DOWNLOADED: (
        RequestStatus.DOWNLOADING,
        RequestStatus.PROCESSING,
        RequestStatus.DOWNLOADED,
    ),
}


def _follow(session: Session, follower: Request, lead: Request, now: datetime) -> None:
    for status in _FOLLOW_PATHS.get(lead.status, ()):
        transition(session, follower, status, now=now, reason=lead.error_message)
    follower.progress = lead.progress


def _reopen_or_refuse(
    session: Session, existing: Request, now: datetime, needs_approval: bool
) -> Request:
    if existing.status not in REOPENABLE:
        raise DuplicateRequest(_duplicate_message(existing))
    transition(session, existing, RequestStatus.PENDING, now=now, reason="Requested again")
    _start_or_wait(session, existing, now, needs_approval)
    return existing


def _decide(
    session: Session,
    request_id: uuid.UUID,
    action: RequestAction,
    target: RequestStatus,
    *,
    note: str | None,
    now: datetime,
    log: EventLog | None,
) -> Request:
    """Apply an admin's decision on a waiting request, with their note as the change's reason."""
    request = session.get(Request, request_id)
    if request is None:
        raise NotFound("No such request.")
    require_allowed(request.status, action)
    cleaned = (note or "").strip()
    verb = "Approved" if action == RequestAction.APPROVE else "Declined"
    reason = f"{verb} by an admin" + (f": {cleaned}" if cleaned else "")
    transition(session, request, target, now=now, reason=reason, log=log)
    return request


def approve_request(
    session: Session,
    request_id: uuid.UUID,
    *,
    note: str | None,
    now: datetime,
    log: EventLog | None = None,
) -> Request:
    """An admin lets a waiting request go ahead: it is searched (or follows the book's lead)."""
    request = _decide(
        session,
        request_id,
        RequestAction.APPROVE,
        RequestStatus.PENDING,
        note=note,
        now=now,
        log=log,
    )
    notify_event(session, request.id, NotificationEvent.APPROVED, reason=note)
    _start_or_wait(session, request, now, needs_approval=False)
    return request


def decline_request(
    session: Session,
    request_id: uuid.UUID,
    *,
    note: str | None,
    now: datetime,
    log: EventLog | None = None,
) -> Request:
    """An admin declines a waiting request; it stops counting against the requester's quota."""
    return _decide(
        session,
        request_id,
        RequestAction.DECLINE,
        RequestStatus.DECLINED,
        note=note,
        now=now,
        log=log,
    )


def get_visible(session: Session, requester: Requester, request_id: uuid.UUID) -> Request:
    """The request if the caller may see it; others' requests look like missing ones."""
    request = session.get(Request, request_id)
    if request is None or (not requester.is_admin and request.user_id != requester.user_id):
        raise NotFound("No such request.")
    return request


def cancel_request(
    session: Session,
    requester: Requester,
    request_id: uuid.UUID,
    *,
    now: datetime,
    log: EventLog | None = None,
) -> Request:
    request = get_visible(session, requester, request_id)
    if request.status == RequestStatus.CANCELLED:
        return request  # cancelling twice is not an error
    require_allowed(request.status, RequestAction.CANCEL)
    transition(
        session,
        request,
        RequestStatus.CANCELLED,
        now=now,
        reason="Cancelled by "
        + ("an admin" if requester.is_admin and request.user_id != requester.user_id else "you"),
        log=log,
    )
    return request


def delete_request(session: Session, requester: Requester, request_id: uuid.UUID) -> Request:
    if not requester.is_admin:
        raise Forbidden("Only an admin can delete requests.")
    request = get_visible(session, requester, request_id)
    session.delete(request)
    return request


def retry_search(
    session: Session, requester: Requester, request_id: uuid.UUID, *, now: datetime
) -> Request:
    request = get_visible(session, requester, request_id)
    require_allowed(request.status, RequestAction.RETRY_SEARCH)
    if request.status == RequestStatus.FAILED:
        transition(session, request, RequestStatus.PENDING, now=now)
    elif request.status != RequestStatus.PENDING:
        transition(session, request, RequestStatus.SEARCHING, now=now)
    enqueue_search(session, request, now)
    return request


def acting_request(session: Session, request_id: uuid.UUID) -> Request | None:
    """The request a pipeline job should act for: this one if live, else another live follower."""
    request = session.get(Request, request_id)
    if request is None:
        return None
    if request.status in LIVE:
        return request
    return _lead_for(session, request.audiobook_id)


def mirror_to_followers(
    session: Session,
    lead: Request,
    target: RequestStatus,
    *,
    now: datetime,
    reason: str | None = None,
) -> None:
    """Apply the lead's new status to the other live requests for the same book."""
    followers = session.scalars(
        select(Request).where(
            Request.audiobook_id == lead.audiobook_id,
            Request.id != lead.id,
            Request.status.in_(LIVE),
        )
    ).all()
    for follower in followers:
        if follower.status != target:
            try:
                transition(session, follower, target, now=now, reason=reason)
            except InvalidTransition:  # a follower in an odd state keeps its own status
                continue
        follower.progress = lead.progress


def advance(
    session: Session,
    request: Request,
    target: RequestStatus,
    *,
    now: datetime,
    reason: str | None = None,
    log: EventLog | None = None,
) -> None:
    """Change the acting request's status and carry the other requests for the book along."""
    transition(session, request, target, now=now, reason=reason, log=log)
    mirror_to_followers(session, request, target, now=now, reason=reason)
