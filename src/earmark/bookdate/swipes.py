"""Swipes on BookDate cards: left, right (requests the book), up; undo; history."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy.orm import Session

from earmark.bookdate import repository
from earmark.bookdate.errors import InvalidPreference, NothingToUndo
from earmark.bookdate.models import DIRECTIONS, BookdateRecommendation, BookdateSwipe
from earmark.core.errors import Conflict, NotFound
from earmark.requests.errors import AlreadyAvailable, DuplicateRequest
from earmark.requests.models import Request
from earmark.requests.schemas import NewBook, Requester
from earmark.requests.service import OwnershipCheck, cancel_request, create_request
from earmark.requests.states import BEFORE_DOWNLOAD, RequestStatus

HISTORY_LIMIT: Final = 200


@dataclass(frozen=True)
class SwipeOutcome:
    swipe: BookdateSwipe
    request_id: uuid.UUID | None
    # Why a right swipe made no new request (already requested, already in the library).
    notice: str | None = None


@dataclass(frozen=True)
class UndoOutcome:
    card: BookdateRecommendation
    direction: str
    request_cancelled: bool
    notice: str | None = None


def record_swipe(
    session: Session,
    user_id: uuid.UUID,
    recommendation_id: uuid.UUID,
    direction: str,
    *,
    now: datetime,
    owned: OwnershipCheck,
) -> SwipeOutcome:
    """Record the swipe; a right swipe requests the book through the normal request path."""
    if direction not in DIRECTIONS:
        raise InvalidPreference("A swipe goes left, right or up.")
    card = repository.owned_recommendation(session, user_id, recommendation_id)
    if card is None:
        raise NotFound("No such recommendation.")
    if card.status != "shown":
        raise Conflict("You already swiped this book; undo the swipe to change your mind.")
    request_id, notice = (None, None)
    if direction == "right":
        request_id, notice = _request_book(session, user_id, card, now, owned)
    card.status = "swiped"
    swipe = BookdateSwipe(
        user_id=user_id,
        recommendation_id=card.id,
        asin=card.asin,
        title=card.title,
        author=card.author,
        direction=direction,
        request_id=request_id,
        sequence=repository.next_sequence(session, user_id),
        created_at=now,
    )
    session.add(swipe)
    session.flush()
    return SwipeOutcome(swipe, request_id, notice)


def _request_book(
    session: Session,
    user_id: uuid.UUID,
    card: BookdateRecommendation,
    now: datetime,
    owned: OwnershipCheck,
) -> tuple[uuid.UUID | None, str | None]:
    book = NewBook(
        asin=card.asin,
        title=card.title,
        author=card.author,
        narrator=card.narrator,
        description=card.description,
        cover_art_url=card.cover_url,
    )
    try:
        # A savepoint, so a refused request leaves nothing half-written behind the swipe.
        with session.begin_nested():
            request = create_request(session, user_id, book, now=now, owned=owned)
    except (DuplicateRequest, AlreadyAvailable) as refused:
        return None, refused.message
    return request.id, None


def undo_last_swipe(session: Session, user_id: uuid.UUID, *, now: datetime) -> UndoOutcome:
    """Take back the newest swipe and put its card in front again.

    Undoing a right swipe cancels the request it made while nothing has been downloaded yet.
    """
    swipe = repository.last_swipe(session, user_id)
    if swipe is None:
        raise NothingToUndo("There is no swipe to undo.")
    card = (
        repository.owned_recommendation(session, user_id, swipe.recommendation_id)
        if swipe.recommendation_id
        else None
    )
    if card is None:
        raise NothingToUndo("That recommendation no longer exists, so the swipe cannot be undone.")
    cancelled, notice = _withdraw_request(session, user_id, swipe.request_id, now)
    low, _ = repository.position_bounds(session, user_id)
    card.status = "shown"
    card.position = low - 1
    direction = swipe.direction
    session.delete(swipe)
    session.flush()
    return UndoOutcome(card, direction, cancelled, notice)


def _withdraw_request(
    session: Session, user_id: uuid.UUID, request_id: uuid.UUID | None, now: datetime
) -> tuple[bool, str | None]:
    request = session.get(Request, request_id) if request_id else None
    if request is None or request.status == RequestStatus.CANCELLED:
        return False, None
    if request.status not in BEFORE_DOWNLOAD:  # undo never cancels a download under way
        return False, f"The request was kept because it is already {request.status.text}."
    cancel_request(session, Requester(user_id=user_id, is_admin=False), request.id, now=now)
    return True, None


def history(session: Session, user_id: uuid.UUID) -> Sequence[BookdateSwipe]:
    return repository.swipe_history(session, user_id, HISTORY_LIMIT)
