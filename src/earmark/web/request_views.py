"""Read models for request pages: a user's requests, one request's own page, and the admin
dashboard's overview."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from earmark.downloads.models import DownloadHistory, DownloadStatus
from earmark.ebooks.service import companion_of, companions_of
from earmark.ebooks.states import RETRYABLE, EbookStatus, label
from earmark.jobs.schedules import AUTOMATIC_RETRY
from earmark.library.models import PlexLibraryItem
from earmark.queue.schedule_models import ScheduledJob
from earmark.requests.models import Audiobook, Request, RequestStatusChange
from earmark.requests.repository import counts_by_status, list_requests, status_history
from earmark.requests.schemas import Requester, RequestFilter
from earmark.requests.service import get_visible
from earmark.requests.states import (
    DASHBOARD_ATTENTION,
    PROGRESS_GROUPS,
    ProgressGroup,
    RequestStatus,
    progress_group,
)
from earmark.search.refusal import Refusal, refusal_of
from earmark.users.models import User
from earmark.web.presenters import ALL_TAB


@dataclass(frozen=True)
class RequestCard:
    id: uuid.UUID
    status: RequestStatus
    progress: int
    error_message: str | None
    title: str
    author: str
    asin: str | None
    requested_by: str
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    # The media server's id of the book once it is in the library (for a link to it).
    library_item_key: str | None = None
    # When a waiting request is next tried again on its own (its status's retry schedule).
    next_retry_at: datetime | None = None
    # The ebook companion's status in words ("downloading 40%"), when an ebook was asked for.
    ebook: str | None = None
    has_finished_download: bool = False
    """Set for failed requests only (the other importable statuses always have a download)."""

    @property
    def import_to_retry(self) -> bool:
        """A failed request offers "Retry import" only when a finished download is there."""
        return self.status != RequestStatus.FAILED or self.has_finished_download


@dataclass(frozen=True)
class ActiveDownload:
    request: RequestCard
    torrent_name: str | None
    indexer_name: str | None
    size_bytes: int | None
    started_at: datetime | None


@dataclass(frozen=True)
class AdminOverview:
    counts: dict[RequestStatus, int]
    totals: dict[ProgressGroup, int]
    """Requests per progress group (the dashboard's tiles)."""
    total_users: int
    active: list[ActiveDownload]
    recent: list[RequestCard]
    attention: list[RequestCard]


def _card(
    request: Request,
    book: Audiobook,
    username: str,
    item_key: str | None = None,
    retries: dict[RequestStatus, datetime] | None = None,
    finished: set[uuid.UUID] | None = None,
    ebook: str | None = None,
) -> RequestCard:
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
        library_item_key=item_key,
        next_retry_at=(retries or {}).get(request.status),
        has_finished_download=request.id in (finished or set()),
        ebook=ebook,
    )


def _next_retries(session: Session, statuses: set[RequestStatus]) -> dict[RequestStatus, datetime]:
    """Waiting status -> when its enabled retry schedule fires next (only the statuses asked)."""
    names = {AUTOMATIC_RETRY[s] for s in statuses if s in AUTOMATIC_RETRY}
    if not names:
        return {}
    query = select(ScheduledJob.name, ScheduledJob.next_run_at).where(
        ScheduledJob.name.in_(names), ScheduledJob.enabled
    )
    due = {name: at for name, at in session.execute(query).all() if at is not None}
    return {s: due[name] for s, name in AUTOMATIC_RETRY.items() if name in due}


def _finished_downloads(session: Session, requests: list[Request]) -> set[uuid.UUID]:
    """Which of the failed `requests` have a finished download on disk (one query for a page)."""
    failed = {r.id for r in requests if r.status == RequestStatus.FAILED}
    if not failed:
        return set()
    query = select(DownloadHistory.request_id).where(
        DownloadHistory.request_id.in_(failed),
        DownloadHistory.selected.is_(True),
        DownloadHistory.download_status == DownloadStatus.COMPLETED,
        DownloadHistory.download_path.is_not(None),
    )
    return set(session.scalars(query).all())


def _usernames(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    rows = session.execute(select(User.id, User.plex_username).where(User.id.in_(ids))).all()
    return {user_id: name for user_id, name in rows}


def _item_keys(session: Session, guids: set[str]) -> dict[str, str]:
    """Library item guid -> the media server's id of the item."""
    if not guids:
        return {}
    query = select(PlexLibraryItem.plex_guid, PlexLibraryItem.rating_key)
    rows = session.execute(query.where(PlexLibraryItem.plex_guid.in_(guids))).all()
    return {guid: key for guid, key in rows}


def _cards(session: Session, flt: RequestFilter) -> list[RequestCard]:
    rows, _ = list_requests(session, flt)
    names = _usernames(session, {r.user_id for r, _ in rows})
    keys = _item_keys(session, {b.plex_guid for _, b in rows if b.plex_guid})
    retries = _next_retries(session, {r.status for r, _ in rows})
    finished = _finished_downloads(session, [r for r, _ in rows])
    ebooks = _ebook_labels(session, {r.id for r, _ in rows})
    return [
        _card(
            r,
            b,
            names.get(r.user_id, "?"),
            keys.get(b.plex_guid or ""),
            retries,
            finished,
            ebooks.get(r.id),
        )
        for r, b in rows
    ]


def _ebook_labels(session: Session, request_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    rows = companions_of(session, request_ids)
    return {request_id: label(row.status, row.progress) for request_id, row in rows.items()}


def user_requests(
    session: Session, user_id: uuid.UUID, group: str
) -> tuple[list[RequestCard], dict[str, int]]:
    """The user's newest requests in `group` (ALL_TAB or a progress group) and per-tab counts."""
    cards = _cards(session, RequestFilter(user_id=user_id, limit=200))
    counts = Counter(progress_group(c.status) for c in cards)
    tabs: dict[str, int] = {ALL_TAB: len(cards), **{g: counts[g] for g in PROGRESS_GROUPS}}
    chosen = cards if group == ALL_TAB else [c for c in cards if progress_group(c.status) == group]
    return chosen, tabs


def awaiting_approval(session: Session) -> list[RequestCard]:
    """Every request waiting for an admin's approval, newest first."""
    return _cards(session, RequestFilter(status=RequestStatus.PENDING_APPROVAL, limit=200))


def _active_downloads(session: Session) -> list[ActiveDownload]:
    cards = _cards(session, RequestFilter(status=RequestStatus.DOWNLOADING, limit=20))
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
    for status in sorted(DASHBOARD_ATTENTION):
        attention.extend(_cards(session, RequestFilter(status=status, limit=20)))
    attention.sort(key=lambda c: c.updated_at, reverse=True)
    counts = counts_by_status(session)
    return AdminOverview(
        counts=counts,
        totals={
            group: sum(counts.get(s, 0) for s in members)
            for group, members in PROGRESS_GROUPS.items()
        },
        total_users=int(session.scalar(select(func.count()).select_from(User)) or 0),
        active=_active_downloads(session),
        recent=_cards(session, RequestFilter(limit=10)),
        attention=attention[:20],
    )


@dataclass(frozen=True)
class ChosenRelease:
    title: str
    indexer: str | None
    size_bytes: int | None
    seeders: int | None
    score: float | None
    status: str
    error: str | None
    criteria: dict[str, Any]
    rejections: list[dict[str, str]]
    reasons: list[str]


@dataclass(frozen=True)
class EbookView:
    """The request's ebook companion as its page shows it."""

    status: EbookStatus
    label: str
    progress: int
    release_title: str | None
    file_path: str | None
    error: str | None
    can_ask_again: bool


def _ebook_view(session: Session, request_id: uuid.UUID) -> EbookView | None:
    row = companion_of(session, request_id)
    if row is None:
        return None
    return EbookView(
        status=row.status, label=label(row.status, row.progress), progress=row.progress,
        release_title=row.release_title, file_path=row.file_path, error=row.error_message,
        can_ask_again=row.status in RETRYABLE,
    )  # fmt: skip


@dataclass(frozen=True)
class RequestPage:
    card: RequestCard
    narrator: str | None
    history: list[RequestStatusChange]
    release: ChosenRelease | None
    # No release chosen and none good enough: the closest candidate's problems in plain words.
    refusal: Refusal | None
    file_path: str | None
    file_format: str | None
    file_size_bytes: int | None
    ebook: EbookView | None = None


def _chosen_release(session: Session, request_id: uuid.UUID) -> ChosenRelease | None:
    row = session.scalars(
        select(DownloadHistory)
        .where(DownloadHistory.request_id == request_id, DownloadHistory.selected)
        .order_by(DownloadHistory.created_at.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    breakdown = row.score_breakdown or {}
    return ChosenRelease(
        title=row.torrent_name or "",
        indexer=row.indexer_name,
        size_bytes=row.torrent_size_bytes,
        seeders=row.seeders,
        score=row.quality_score,
        status=row.download_status.value.replace("_", " "),
        error=row.download_error,
        criteria=dict(breakdown.get("criteria", {})),
        rejections=list(breakdown.get("rejections", [])),
        reasons=[str(reason) for reason in breakdown.get("reasons", [])],
    )


def _closest_refused(session: Session, request_id: uuid.UUID) -> Refusal | None:
    """The best candidate of the last search when none was accepted (ranking's own order)."""
    records = [
        row.score_breakdown
        for row in session.scalars(
            select(DownloadHistory).where(
                DownloadHistory.request_id == request_id, DownloadHistory.selected.is_(False)
            )
        )
        if row.score_breakdown
    ]
    if not records or any(record.get("accepted") for record in records):
        return None
    best = max(records, key=lambda record: float(record.get("preference") or 0))
    return refusal_of(best)


def request_page(session: Session, requester: Requester, request_id: uuid.UUID) -> RequestPage:
    """Everything the request's own page shows; others' requests look missing (404)."""
    request = get_visible(session, requester, request_id)
    book = session.get_one(Audiobook, request.audiobook_id)
    names = _usernames(session, {request.user_id})
    ebook = _ebook_view(session, request.id)
    return RequestPage(
        card=_card(
            request,
            book,
            names.get(request.user_id, "?"),
            retries=_next_retries(session, {request.status}),
            finished=_finished_downloads(session, [request]),
            ebook=ebook.label if ebook else None,
        ),
        narrator=book.narrator,
        history=list(status_history(session, request.id)),
        release=(release := _chosen_release(session, request.id)),
        refusal=None if release else _closest_refused(session, request.id),
        file_path=book.file_path,
        file_format=book.file_format,
        file_size_bytes=book.file_size_bytes,
        ebook=ebook,
    )
