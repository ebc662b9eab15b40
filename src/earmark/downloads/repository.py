"""Queries over download_history (never commits)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from earmark.downloads.models import DownloadHistory, DownloadStatus


def blocklisted_keys(
    session: Session, audiobook_request_ids: Sequence[uuid.UUID]
) -> tuple[set[str], set[str]]:
    """Release guids and info-hashes that failed before for these requests (one book)."""
    rows = session.execute(
        select(DownloadHistory.release_guid, DownloadHistory.torrent_hash).where(
            DownloadHistory.request_id.in_(audiobook_request_ids),
            DownloadHistory.blocklisted.is_(True),
        )
    ).all()
    guids = {g for g, _ in rows if g}
    hashes = {h.lower() for _, h in rows if h}
    return guids, hashes


def drop_unselected_candidates(session: Session, request_id: uuid.UUID) -> None:
    """Forget the previous search's candidates (kept: grabbed or blocklisted releases)."""
    session.execute(
        delete(DownloadHistory).where(
            DownloadHistory.request_id == request_id,
            DownloadHistory.selected.is_(False),
            DownloadHistory.blocklisted.is_(False),
        )
    )


def next_accepted(session: Session, request_id: uuid.UUID) -> DownloadHistory | None:
    """The best accepted candidate not yet tried for this request."""
    return session.scalar(
        select(DownloadHistory)
        .where(
            DownloadHistory.request_id == request_id,
            DownloadHistory.accepted.is_(True),
            DownloadHistory.selected.is_(False),
            DownloadHistory.blocklisted.is_(False),
            or_(DownloadHistory.download_status == DownloadStatus.QUEUED),
        )
        .order_by(DownloadHistory.quality_score.desc(), DownloadHistory.created_at)
        .limit(1)
    )


def current_download(session: Session, request_id: uuid.UUID) -> DownloadHistory | None:
    return session.scalar(
        select(DownloadHistory)
        .where(DownloadHistory.request_id == request_id, DownloadHistory.selected.is_(True))
        .order_by(DownloadHistory.started_at.desc().nulls_last(), DownloadHistory.created_at.desc())
        .limit(1)
    )


def forget_link_keys(session: Session, without_key: Callable[[str | None], str | None]) -> int:
    """Rewrite stored release links that still carry an API key (rows written before keys were
    removed from links when parsed); returns how many rows changed."""
    rows = session.scalars(
        select(DownloadHistory).where(
            or_(
                DownloadHistory.torrent_url.ilike("%apikey=%"),
                DownloadHistory.magnet_link.ilike("%apikey=%"),
            )
        )
    ).all()
    for row in rows:
        row.torrent_url = without_key(row.torrent_url)
        row.magnet_link = without_key(row.magnet_link)
    return len(rows)
