"""Following an author or a series, and the daily check for books new to what people follow.

Following records the books the catalog lists at that moment as seen, so only books that appear
later count as new. The check (`check_follows`, the `check_follows` job) reads each followed
author or series once, however many people follow it; a book not seen before is stored for each
follow (`followed_books.is_new`: the "New from people you follow" list), announced to the
follower (`NEW_RELEASE`), and, when the follow says `auto_request`, requested for them through the
single request path (their permissions and quota apply; a pre-order waits for its release).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from earmark.core.errors import NotFound
from earmark.core.events import EventLog
from earmark.db.engine import SessionFactory, transaction
from earmark.integrations.catalog_sources import BookMetadata
from earmark.integrations.errors import IntegrationError
from earmark.requests.notify import ReleaseNotice, notify_release
from earmark.series.models import Follow, FollowedBook, FollowKind
from earmark.series.requesting import request_books
from earmark.series.schemas import FollowOut
from earmark.settings_store.catalogue import RequestsSettings

NEW_LIST_LIMIT = 40

Fetch = Callable[[FollowKind, str], tuple[str, Sequence[tuple[str | None, BookMetadata]]]]
"""Reads a followed author or series from the catalog: (title, [(position, book)])."""


def follow_out(row: Follow) -> FollowOut:
    return FollowOut(
        id=row.id,
        kind=row.kind,
        key=row.key,
        label=row.label,
        auto_request=row.auto_request,
        created_at=row.created_at,
    )


def follow_of(session: Session, user_id: uuid.UUID, kind: FollowKind, key: str) -> FollowOut | None:
    row = _row(session, user_id, kind, key)
    return follow_out(row) if row else None


def _row(session: Session, user_id: uuid.UUID, kind: FollowKind, key: str) -> Follow | None:
    return session.scalar(
        select(Follow).where(Follow.user_id == user_id, Follow.kind == kind, Follow.key == key)
    )


def _remember(
    session: Session, follow: Follow, books: Iterable[BookMetadata], now: datetime, *, new: bool
) -> list[BookMetadata]:
    """Store the books this follow has not seen; returns them."""
    seen = set(
        session.scalars(select(FollowedBook.asin).where(FollowedBook.follow_id == follow.id))
    )
    fresh = []
    for book in books:
        if book.asin in seen:
            continue
        seen.add(book.asin)
        fresh.append(book)
        session.add(
            FollowedBook(
                follow_id=follow.id,
                asin=book.asin,
                title=book.title,
                author=book.author,
                release_date=book.release_date,
                is_new=new,
                first_seen_at=now,
            )
        )
    return fresh


def follow(
    sessions: SessionFactory,
    user_id: uuid.UUID,
    kind: FollowKind,
    key: str,
    label: str,
    books: Iterable[BookMetadata],
    *,
    auto_request: bool,
    now: datetime,
) -> FollowOut:
    """Follow (or change `auto_request` of an existing follow); today's books count as seen."""
    with transaction(sessions) as session:
        row = _row(session, user_id, kind, key)
        if row is None:
            row = Follow(
                user_id=user_id,
                kind=kind,
                key=key,
                label=label,
                auto_request=auto_request,
                created_at=now,
                updated_at=now,
                checked_at=now,
            )
            try:
                with session.begin_nested():
                    session.add(row)
            except IntegrityError:  # the same follow clicked twice at once
                row = _row(session, user_id, kind, key)
                if row is None:
                    raise
        row.auto_request = auto_request
        row.label = label
        session.flush()
        _remember(session, row, books, now, new=False)
        return follow_out(row)


def unfollow(sessions: SessionFactory, user_id: uuid.UUID, follow_id: uuid.UUID) -> None:
    with transaction(sessions) as session:
        row = session.get(Follow, follow_id)
        if row is None or row.user_id != user_id:
            raise NotFound("You do not follow that.")
        session.delete(row)


def list_follows(session: Session, user_id: uuid.UUID) -> list[FollowOut]:
    rows = session.scalars(
        select(Follow).where(Follow.user_id == user_id).order_by(Follow.kind, Follow.label)
    )
    return [follow_out(row) for row in rows]


def new_from_follows(
    session: Session, user_id: uuid.UUID, limit: int = NEW_LIST_LIMIT
) -> list[tuple[Follow, FollowedBook]]:
    """Books found new for the user's follows, newest first."""
    query = (
        select(Follow, FollowedBook)
        .join(FollowedBook, FollowedBook.follow_id == Follow.id)
        .where(Follow.user_id == user_id, FollowedBook.is_new.is_(True))
        .order_by(FollowedBook.first_seen_at.desc(), FollowedBook.title)
        .limit(limit)
    )
    return [(f, b) for f, b in session.execute(query)]


def check_follows(
    sessions: SessionFactory,
    fetch: Fetch,
    defaults: RequestsSettings,
    *,
    now: datetime,
    log: EventLog,
) -> dict[str, Any]:
    """Read every followed author and series once; record, announce and (auto) request new books.

    A catalog failure for one author or series is logged and skipped (the next run tries again).
    """
    with sessions() as session:
        targets = sorted({(f.kind, f.key) for f in session.scalars(select(Follow))})
    found = requested = failed = 0
    for kind, key in targets:
        try:
            _, pairs = fetch(kind, key)
        except (IntegrationError, NotFound) as error:  # down, or the series is gone
            failed += 1
            log.warn(f"Could not read the followed {kind.value} '{key}': {error.message}")
            continue
        books = [book for _, book in pairs]
        for follow_id in _follow_ids(sessions, kind, key):
            fresh, user_id, wants = _record_new(sessions, follow_id, books, now)
            found += len(fresh)
            if wants and fresh:
                outcomes = request_books(sessions, user_id, fresh, defaults, now=now)
                requested += sum(o.request_id is not None for o in outcomes)
    summary = {"followed": len(targets), "new_books": found, "requested": requested}
    summary["unreadable"] = failed
    log.info(f"Followed authors and series checked: {found} new books.", **summary)
    return summary


def _follow_ids(sessions: SessionFactory, kind: FollowKind, key: str) -> list[uuid.UUID]:
    with sessions() as session:
        return list(
            session.scalars(select(Follow.id).where(Follow.kind == kind, Follow.key == key))
        )


def _record_new(
    sessions: SessionFactory, follow_id: uuid.UUID, books: list[BookMetadata], now: datetime
) -> tuple[list[BookMetadata], uuid.UUID, bool]:
    """Store and announce one follow's new books (one transaction: notices go out on commit)."""
    with transaction(sessions) as session:
        row = session.get_one(Follow, follow_id)
        fresh = _remember(session, row, books, now, new=True)
        row.checked_at = now
        for book in fresh:
            notify_release(
                session,
                ReleaseNotice(
                    user_id=row.user_id,
                    followed=row.label,
                    asin=book.asin,
                    title=book.title,
                    author=book.author,
                    release_date=book.release_date,
                ),
            )
        return fresh, row.user_id, row.auto_request
