"""Recurring upkeep: re-search waiting requests, retry failed imports, clean up seeded torrents."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from earmark.core.events import EventLog
from earmark.db.engine import SessionFactory, transaction
from earmark.downloads import repository
from earmark.downloads.models import DownloadHistory, DownloadStatus
from earmark.downloads.service import enqueue_import
from earmark.integrations.download_clients.protocol import DownloadItem
from earmark.integrations.errors import IntegrationError
from earmark.requests.models import Request
from earmark.requests.service import enqueue_search
from earmark.requests.states import ACTIVE, IN_LIBRARY, RequestStatus
from earmark.settings_store.catalogue import IndexerChoice

BATCH_SIZE = 50
CLEANUP_BATCH_SIZE = 100


def retry_missing(sessions: SessionFactory, *, now: datetime, log: EventLog) -> dict[str, int]:
    """Queue a new search for the requests waiting longest for a release (fair rotation)."""
    with transaction(sessions) as session:
        waiting = session.scalars(
            select(Request)
            .where(Request.status == RequestStatus.AWAITING_SEARCH)
            .order_by(Request.last_search_at.asc().nulls_first(), Request.created_at, Request.id)
            .limit(BATCH_SIZE)
        ).all()
        for request in waiting:
            enqueue_search(session, request, now)
    log.info(f"Queued {len(waiting)} search(es) for requests awaiting a release")
    return {"total_requests": len(waiting), "triggered": len(waiting)}


def retry_imports(sessions: SessionFactory, *, now: datetime, log: EventLog) -> dict[str, int]:
    """Queue the import again for requests whose import failed transiently."""
    triggered = skipped = 0
    with transaction(sessions) as session:
        waiting = session.scalars(
            select(Request)
            .where(Request.status == RequestStatus.AWAITING_IMPORT)
            .order_by(Request.last_import_at.asc().nulls_first(), Request.created_at, Request.id)
            .limit(BATCH_SIZE)
        ).all()
        for request in waiting:
            # Stamp first, so a request that cannot be retried rotates to the back of the queue.
            request.last_import_at = now
            download = repository.current_download(session, request.id)
            if download is None or not download.download_path:
                skipped += 1
                continue
            enqueue_import(session, request, download, now)
            triggered += 1
    log.info(f"Queued {triggered} import retr(ies); skipped {skipped}")
    return {"total_requests": len(waiting), "triggered": triggered, "skipped": skipped}


@dataclass(frozen=True)
class SeedingRule:
    minutes: int
    ratio: float

    @property
    def unlimited(self) -> bool:
        return self.minutes <= 0 and self.ratio <= 0

    def met_by(self, item: DownloadItem) -> bool:
        time_ok = self.minutes <= 0 or item.seeding_time_seconds >= self.minutes * 60
        ratio_ok = self.ratio <= 0 or item.ratio >= self.ratio
        return time_ok and ratio_ok


def seeding_rule_for(
    indexer_name: str | None, indexers: Sequence[IndexerChoice], default: SeedingRule
) -> SeedingRule:
    """The indexer's own rule when configured (matched by name), else the global default."""
    for choice in indexers:
        named = bool(indexer_name) and choice.name.lower() == (indexer_name or "").lower()
        if named and (choice.seeding_time_minutes or choice.ratio_limit):
            return SeedingRule(choice.seeding_time_minutes, choice.ratio_limit)
    return default


def _cleanup_candidates(session: Session) -> Sequence[tuple[Request, DownloadHistory]]:
    return (
        session.execute(
            select(Request, DownloadHistory)
            .join(DownloadHistory, DownloadHistory.request_id == Request.id)
            .where(
                Request.status.in_(IN_LIBRARY),
                DownloadHistory.selected.is_(True),
                DownloadHistory.download_status == DownloadStatus.COMPLETED,
                DownloadHistory.torrent_hash.is_not(None),
                DownloadHistory.removed_from_client_at.is_(None),
                # Seeding is a torrent matter: usenet jobs stay in their client's history.
                DownloadHistory.protocol.is_distinct_from("usenet"),
            )
            .order_by(DownloadHistory.completed_at.asc().nulls_last(), DownloadHistory.id)
            .limit(CLEANUP_BATCH_SIZE)
        )
        .tuples()
        .all()
    )


def _shared_with_unfinished(session: Session, info_hash: str, request_id: Any) -> bool:
    return (
        session.scalar(
            select(DownloadHistory.id)
            .join(Request, Request.id == DownloadHistory.request_id)
            .where(
                DownloadHistory.torrent_hash == info_hash,
                DownloadHistory.request_id != request_id,
                DownloadHistory.selected.is_(True),
                Request.status.in_(ACTIVE),
            )
            .limit(1)
        )
        is not None
    )


def cleanup_seeded(
    sessions: SessionFactory,
    *,
    info: Callable[[str], DownloadItem | None],
    remove: Callable[[str], None],
    rule_for: Callable[[str | None], SeedingRule],
    now: datetime,
    log: EventLog,
) -> dict[str, int]:
    """Remove torrents whose seeding goals are met, whose book is in the library, used by no one else."""
    counts = {"checked": 0, "cleaned": 0, "still_seeding": 0, "unlimited": 0, "shared": 0}
    with sessions() as session:
        rows = [
            (r.id, d.id, d.torrent_hash or "", d.indexer_name)
            for r, d in _cleanup_candidates(session)
        ]
    for request_id, download_id, info_hash, indexer_name in rows:
        counts["checked"] += 1
        rule = rule_for(indexer_name)
        if rule.unlimited:
            counts["unlimited"] += 1
            continue
        try:
            item = info(info_hash)
        except IntegrationError as exc:
            log.warn(f"Could not check torrent {info_hash[:8]}: {exc.message}")
            continue
        with transaction(sessions) as session:
            if item is not None and not rule.met_by(item):
                counts["still_seeding"] += 1
                continue
            if _shared_with_unfinished(session, info_hash, request_id):
                counts["shared"] += 1
                continue
            if item is not None:
                remove(info_hash)
            session.get_one(DownloadHistory, download_id).removed_from_client_at = now
            counts["cleaned"] += 1
    log.info(f"Seeded-torrent cleanup: {counts}")
    return counts
