"""Read models for request pages: a user's requests, and the admin dashboard's overview."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from earmark.downloads.models import DownloadHistory
from earmark.requests.models import Audiobook, Request
from earmark.requests.repository import counts_by_status, list_requests
from earmark.requests.schemas import RequestFilter
from earmark.users.models import User
from earmark.web.presenters import REQUEST_GROUPS, group_of

ATTENTION_STATUSES = ("failed", "warn", "awaiting_import")


@dataclass(frozen=True)
class RequestCard:
    id: uuid.UUID
    status: str
    progress: int
    error_message: str | None
    title: str
    author: str
    asin: str | None
    requested_by: str
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None


@dataclass(frozen=True)
class ActiveDownload:
    request: RequestCard
    torrent_name: str | None
    indexer_name: str | None
    size_bytes: int | None
    started_at: datetime | None


@dataclass(frozen=True)
class AdminOverview:
    counts: dict[str, int]
    total_users: int
    active: list[ActiveDownload]
    recent: list[RequestCard]
    attention: list[RequestCard]


def _card(request: Request, book: Audiobook, username: str) -> RequestCard:
    return RequestCard(
        id=request.id,
        status=request.status,
        progress=request.progress,
        error_message=request.error_message,
        title=book.title,
        author=book.author,
        asin=book.audible_asin,
        requested_by=username,
        created_at=request.created_at,
        updated_at=request.updated_at,
        completed_at=request.completed_at,
    )


def _usernames(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    rows = session.execute(select(User.id, User.plex_username).where(User.id.in_(ids))).all()
    return {user_id: name for user_id, name in rows}


def _cards(session: Session, flt: RequestFilter) -> list[RequestCard]:
    rows, _ = list_requests(session, flt)
    names = _usernames(session, {r.user_id for r, _ in rows})
    return [_card(r, b, names.get(r.user_id, "?")) for r, b in rows]


def user_requests(
    session: Session, user_id: uuid.UUID, group: str
) -> tuple[list[RequestCard], dict[str, int]]:
    """The user's newest requests in `group` ('all' or a REQUEST_GROUPS key) and per-group counts."""
    cards = _cards(session, RequestFilter(user_id=user_id, limit=200))
    counts = Counter(group_of(c.status) for c in cards)
    tabs = {"all": len(cards), **{name: counts.get(name, 0) for name in REQUEST_GROUPS}}
    chosen = cards if group == "all" else [c for c in cards if group_of(c.status) == group]
    return chosen, tabs


def _active_downloads(session: Session) -> list[ActiveDownload]:
    cards = _cards(session, RequestFilter(status="downloading", limit=20))
    if not cards:
        return []
    history = session.scalars(
        select(DownloadHistory)
        .where(DownloadHistory.request_id.in_([c.id for c in cards]), DownloadHistory.selected)
        .order_by(DownloadHistory.created_at)
    ).all()
    latest = {h.request_id: h for h in history}
    result = []
    for card in cards:
        row = latest.get(card.id)
        result.append(
            ActiveDownload(
                request=card,
                torrent_name=row.torrent_name if row else None,
                indexer_name=row.indexer_name if row else None,
                size_bytes=row.torrent_size_bytes if row else None,
                started_at=row.started_at if row else None,
            )
        )
    return result


def admin_overview(session: Session) -> AdminOverview:
    attention: list[RequestCard] = []
    for status in ATTENTION_STATUSES:
        attention.extend(_cards(session, RequestFilter(status=status, limit=20)))
    attention.sort(key=lambda c: c.updated_at, reverse=True)
    return AdminOverview(
        counts=counts_by_status(session),
        total_users=int(session.scalar(select(func.count()).select_from(User)) or 0),
        active=_active_downloads(session),
        recent=_cards(session, RequestFilter(limit=10)),
        attention=attention[:20],
    )


def all_requests(session: Session, status: str | None, search: str | None) -> list[RequestCard]:
    return _cards(session, RequestFilter(status=status or None, search=search or None, limit=100))
