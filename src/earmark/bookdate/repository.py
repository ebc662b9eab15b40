"""BookDate queries (never commits): cards, swipes, and what the prompt needs to know."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import CursorResult, Delete, delete, func, select
from sqlalchemy.orm import Session

from earmark.bookdate.models import BookdateRecommendation, BookdateSwipe
from earmark.bookdate.prompt import LibraryBook, SwipeSignal
from earmark.core.errors import NotFound
from earmark.library.models import PlexLibraryItem
from earmark.requests.models import Audiobook, Request
from earmark.requests.states import RequestStatus
from earmark.users.models import User

LIBRARY_ROWS = 100
RECENT_SWIPES = 40


def require_user(session: Session, user_id: uuid.UUID) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    return user


def unswiped(session: Session, user_id: uuid.UUID) -> Sequence[BookdateRecommendation]:
    return session.scalars(
        select(BookdateRecommendation)
        .where(BookdateRecommendation.user_id == user_id, BookdateRecommendation.status == "shown")
        .order_by(BookdateRecommendation.position, BookdateRecommendation.id)
    ).all()


def owned_recommendation(
    session: Session, user_id: uuid.UUID, recommendation_id: uuid.UUID
) -> BookdateRecommendation | None:
    """The card if it belongs to `user_id`; another user's card is reported as missing."""
    card = session.get(BookdateRecommendation, recommendation_id)
    return card if card is not None and card.user_id == user_id else None


def position_bounds(session: Session, user_id: uuid.UUID) -> tuple[int, int]:
    """(smallest, largest) position among the user's cards; (0, 0) without cards."""
    low, high = session.execute(
        select(
            func.min(BookdateRecommendation.position), func.max(BookdateRecommendation.position)
        ).where(BookdateRecommendation.user_id == user_id)
    ).one()
    return (low or 0, high or 0)


def next_sequence(session: Session, user_id: uuid.UUID) -> int:
    top = session.scalar(
        select(func.max(BookdateSwipe.sequence)).where(BookdateSwipe.user_id == user_id)
    )
    return (top or 0) + 1


def last_swipe(session: Session, user_id: uuid.UUID) -> BookdateSwipe | None:
    return session.scalar(
        select(BookdateSwipe)
        .where(BookdateSwipe.user_id == user_id)
        .order_by(BookdateSwipe.sequence.desc())
        .limit(1)
    )


def swipe_history(session: Session, user_id: uuid.UUID, limit: int) -> Sequence[BookdateSwipe]:
    return session.scalars(
        select(BookdateSwipe)
        .where(BookdateSwipe.user_id == user_id)
        .order_by(BookdateSwipe.sequence.desc())
        .limit(limit)
    ).all()


def recent_signals(session: Session, user_id: uuid.UUID) -> list[SwipeSignal]:
    return [
        SwipeSignal(s.title, s.author, s.direction)
        for s in swipe_history(session, user_id, RECENT_SWIPES)
    ]


def library_books(session: Session, *, rated_only: bool) -> list[LibraryBook]:
    """Cached media-server books, newest first; `rated_only` keeps the ones with a rating."""
    query = select(PlexLibraryItem).order_by(
        PlexLibraryItem.added_at.desc().nulls_last(), PlexLibraryItem.title
    )
    if rated_only:
        query = query.where(PlexLibraryItem.user_rating.is_not(None))
    rows = session.scalars(query.limit(LIBRARY_ROWS)).all()
    return [LibraryBook(r.title, r.author, r.narrator, r.user_rating) for r in rows]


def requested_books(session: Session, user_id: uuid.UUID) -> list[LibraryBook]:
    rows = session.execute(
        select(Audiobook.title, Audiobook.author)
        .join(Request, Request.audiobook_id == Audiobook.id)
        .where(Request.user_id == user_id, Request.status != RequestStatus.CANCELLED)
        .order_by(Request.created_at.desc())
        .limit(LIBRARY_ROWS)
    ).all()
    return [LibraryBook(title, author) for title, author in rows]


def excluded_asins(session: Session, user_id: uuid.UUID) -> set[str]:
    """ASINs never to show this user: already carded, swiped, requested, or in the library."""
    cards = select(BookdateRecommendation.asin).where(BookdateRecommendation.user_id == user_id)
    swipes = select(BookdateSwipe.asin).where(BookdateSwipe.user_id == user_id)
    requested = (
        select(Audiobook.audible_asin)
        .join(Request, Request.audiobook_id == Audiobook.id)
        .where((Request.user_id == user_id) | (Request.status == RequestStatus.AVAILABLE))
    )
    library = select(PlexLibraryItem.asin).where(PlexLibraryItem.asin.is_not(None))
    found: set[str] = set()
    for query in (cards, swipes, requested, library):
        found |= {asin.upper() for asin in session.scalars(query) if asin}
    return found


def known_titles(session: Session, user_id: uuid.UUID) -> list[str]:
    """'Title by Author' of the user's cards and swipes, for the prompt's exclusion list."""
    rows = session.execute(
        select(BookdateRecommendation.title, BookdateRecommendation.author).where(
            BookdateRecommendation.user_id == user_id
        )
    ).all()
    return [f"{title} by {author}" for title, author in rows]


def discard_unswiped(session: Session, user_id: uuid.UUID | None = None) -> int:
    """Drop cards nobody swiped yet (one user's, or everyone's when `user_id` is None)."""
    query = delete(BookdateRecommendation).where(BookdateRecommendation.status == "shown")
    if user_id is not None:
        query = query.where(BookdateRecommendation.user_id == user_id)
    return _deleted(session, query)


def clear_everything(session: Session) -> tuple[int, int]:
    """Every user's swipes and cards; returns (swipes, cards) deleted."""
    return _deleted(session, delete(BookdateSwipe)), _deleted(
        session, delete(BookdateRecommendation)
    )


def _deleted(session: Session, statement: Delete) -> int:
    result = cast(CursorResult[Any], session.execute(statement))
    return result.rowcount or 0
