"""Grabbing a chosen release and following its download until the files are complete.

Failures are split the way a person would: a release that is dead, stalled or refused by its
indexer is blocklisted and the next accepted release is tried; a download client that is down is
waited for (the request is never failed for it).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from earmark.core.errors import InvalidInput
from earmark.core.events import EventLog
from earmark.db.engine import SessionFactory, transaction
from earmark.downloads import repository
from earmark.downloads.models import DownloadHistory, DownloadStatus
from earmark.downloads.paths import PathMapping, map_to_local
from earmark.integrations.download_clients.protocol import DownloadClient, DownloadItem
from earmark.integrations.download_clients.sources import TorrentSource
from earmark.integrations.errors import AuthFailed, IntegrationError
from earmark.queue.engine import enqueue
from earmark.queue.models import DEFAULT_MAX_ATTEMPTS
from earmark.requests.models import Request
from earmark.requests.repository import has_other_live_request
from earmark.requests.service import acting_request, advance, mirror_to_followers
from earmark.requests.states import BEFORE_DOWNLOAD, LIVE, RequestStatus

FIRST_POLL_SECONDS = 3.0
MAX_POLL_SECONDS = 30.0
MISSING_POLLS_BEFORE_DEAD = 5
# A monitor job outlives brief client outages (each poll that cannot reach the client retries).
MONITOR_MAX_ATTEMPTS = 10
UNFINISHED_DOWNLOADS = (DownloadStatus.QUEUED, DownloadStatus.DOWNLOADING, DownloadStatus.STALLED)


@dataclass(frozen=True)
class GrabSettings:
    category: str
    save_path: str | None


@dataclass(frozen=True)
class MonitorSettings:
    stall_after: timedelta
    mapping: PathMapping | None


@dataclass(frozen=True)
class PollOutcome:
    """What the monitor decided: poll again after `delay_seconds`, or it is done."""

    finished: bool
    delay_seconds: float = FIRST_POLL_SECONDS
    detail: str = ""


SourceFetcher = Callable[[DownloadHistory], TorrentSource]


def enqueue_step(
    session: Session,
    job_type: str,
    request: Request,
    candidate: DownloadHistory,
    now: datetime,
    *,
    delay_seconds: float = 0.0,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
) -> None:
    """Queue the next pipeline job for this request and release (one of each type at a time)."""
    enqueue(
        session,
        job_type,
        {"request_id": str(request.id), "download_history_id": str(candidate.id)},
        now=now,
        request_id=request.id,
        priority=request.priority,
        dedupe_key=f"{job_type}:{request.id}",
        run_after=now + timedelta(seconds=delay_seconds),
        max_attempts=max_attempts,
    )


def enqueue_grab(
    session: Session, request: Request, candidate: DownloadHistory, now: datetime
) -> None:
    enqueue_step(session, "download_torrent", request, candidate, now)


def give_up_on_release(
    session: Session,
    request: Request,
    candidate: DownloadHistory,
    reason: str,
    *,
    now: datetime,
    log: EventLog,
) -> None:
    """Blocklist this release, then grab the next accepted one or go back to waiting for one."""
    candidate.blocklisted = True
    if candidate.download_status != DownloadStatus.STALLED:
        candidate.download_status = DownloadStatus.FAILED
    candidate.download_error = reason
    log.warn(
        f"Release blocklisted: {candidate.torrent_name}: {reason}", release=candidate.torrent_name
    )
    following = repository.next_accepted(session, request.id)
    if following is not None:
        if request.status != RequestStatus.SEARCHING:
            advance(session, request, RequestStatus.SEARCHING, now=now, reason=reason, log=log)
        enqueue_grab(session, request, following, now)
        return
    message = f"{reason}. No other acceptable release is known; Earmark will search again later."
    advance(session, request, RequestStatus.AWAITING_SEARCH, now=now, reason=message, log=log)


def grab_release(
    sessions: SessionFactory,
    request_id: uuid.UUID,
    candidate_id: uuid.UUID,
    *,
    client: DownloadClient,
    fetch: SourceFetcher,
    settings: GrabSettings,
    now: datetime,
    log: EventLog,
) -> str:
    """Send the release to the client; on a release-specific failure try the next one."""
    with transaction(sessions) as session:
        request = acting_request(session, request_id)
        candidate = session.get(DownloadHistory, candidate_id)
        if request is None or candidate is None or request.status not in BEFORE_DOWNLOAD:
            return "skipped: the request no longer needs a download"
        if candidate.blocklisted:
            candidate = repository.next_accepted(session, request.id)
            if candidate is None:
                return "skipped: release blocklisted"
        candidate_snapshot = candidate
    try:
        source = fetch(candidate_snapshot)
    except AuthFailed:
        raise  # a configuration problem, not this release's: the job fails with the reason
    except (IntegrationError, InvalidInput) as exc:
        with transaction(sessions) as session:
            request = session.get_one(Request, request.id)
            row = session.get_one(DownloadHistory, candidate_snapshot.id)
            give_up_on_release(
                session,
                request,
                row,
                f"the indexer would not give the release: {exc.message}",
                now=now,
                log=log,
            )
        return "release unavailable; trying the next one"
    # A client outage propagates: the job retries with backoff and the request keeps its status.
    info_hash = client.add(source, settings.category, settings.save_path)
    with transaction(sessions) as session:
        request = session.get_one(Request, request.id)
        row = session.get_one(DownloadHistory, candidate_snapshot.id)
        row.selected = True
        row.download_client = client.name
        row.download_client_id = info_hash
        row.torrent_hash = info_hash
        row.download_status = DownloadStatus.DOWNLOADING
        row.started_at = now
        row.last_progress_at = now
        row.progress_fraction = 0.0
        request.download_attempts += 1
        advance(session, request, RequestStatus.DOWNLOADING, now=now, log=log)
        enqueue_step(
            session,
            "monitor_download",
            request,
            row,
            now,
            delay_seconds=FIRST_POLL_SECONDS,
            max_attempts=MONITOR_MAX_ATTEMPTS,
        )
    log.info(f"Sent '{candidate_snapshot.torrent_name}' to {client.name}", info_hash=info_hash)
    return info_hash


def poll_delay_seconds(item: DownloadItem, running_for: timedelta) -> float:
    """Seconds until the next poll of a running download."""
    if item.eta_seconds is not None and item.eta_seconds < MAX_POLL_SECONDS:
        return max(FIRST_POLL_SECONDS, float(item.eta_seconds))
    # Until peers connect the client has no ETA, yet a small book then arrives in seconds: a
    # young download is polled often (half its age), an old one settles at the slow interval.
    by_age = max(FIRST_POLL_SECONDS, running_for.total_seconds() / 2)
    return min(by_age, MAX_POLL_SECONDS if item.progress < 0.5 else 10.0)


def check_download(
    sessions: SessionFactory,
    request_id: uuid.UUID,
    candidate_id: uuid.UUID,
    *,
    client: DownloadClient,
    settings: MonitorSettings,
    now: datetime,
    log: EventLog,
) -> PollOutcome:
    """One poll of a running download: progress, completion, stall and dead-torrent handling."""
    with sessions() as session:
        request = acting_request(session, request_id)
        candidate = session.get(DownloadHistory, candidate_id)
        if (
            request is None
            or candidate is None
            or request.status != RequestStatus.DOWNLOADING
            or not candidate.torrent_hash
        ):
            return PollOutcome(finished=True, detail="request no longer downloading")
        info_hash = candidate.torrent_hash
    item = client.info(info_hash)
    with transaction(sessions) as session:
        request = session.get_one(Request, request.id)
        row = session.get_one(DownloadHistory, candidate_id)
        if item is None:
            return _missing(session, request, row, now=now, log=log)
        if item.is_finished:
            _complete(session, request, row, item, settings, now=now, log=log)
            return PollOutcome(finished=True, detail="download complete")
        return _progress(session, request, row, item, settings, now=now, log=log)


def _missing(
    session: Session, request: Request, row: DownloadHistory, *, now: datetime, log: EventLog
) -> PollOutcome:
    last_seen = row.last_progress_at or row.started_at or now
    if now - last_seen > timedelta(seconds=MAX_POLL_SECONDS * MISSING_POLLS_BEFORE_DEAD):
        give_up_on_release(
            session,
            request,
            row,
            "the download client no longer has this torrent",
            now=now,
            log=log,
        )
        return PollOutcome(finished=True, detail="torrent vanished")
    return PollOutcome(
        finished=False, delay_seconds=FIRST_POLL_SECONDS * 2, detail="torrent not found yet"
    )


def _complete(
    session: Session,
    request: Request,
    row: DownloadHistory,
    item: DownloadItem,
    settings: MonitorSettings,
    *,
    now: datetime,
    log: EventLog,
) -> None:
    row.download_status = DownloadStatus.COMPLETED
    row.completed_at = now
    row.progress_fraction = 1.0
    row.download_path = map_to_local(settings.mapping, item.content_path)
    request.progress = 100
    advance(session, request, RequestStatus.PROCESSING, now=now, log=log)
    enqueue_step(session, "organize_files", request, row, now)
    log.info(f"Download complete: {item.name}", path=row.download_path)


def _progress(
    session: Session,
    request: Request,
    row: DownloadHistory,
    item: DownloadItem,
    settings: MonitorSettings,
    *,
    now: datetime,
    log: EventLog,
) -> PollOutcome:
    previous = row.progress_fraction or 0.0
    if item.progress > previous + 1e-6:
        row.progress_fraction = item.progress
        row.last_progress_at = now
    stalled_for = now - (row.last_progress_at or row.started_at or now)
    if item.state == "error" or stalled_for > settings.stall_after:
        row.download_status = (
            DownloadStatus.STALLED if item.state != "error" else DownloadStatus.FAILED
        )
        why = (
            item.error_message
            or f"no progress for {int(stalled_for.total_seconds() // 60)} minutes"
        )
        give_up_on_release(session, request, row, f"download stalled ({why})", now=now, log=log)
        return PollOutcome(finished=True, detail="stalled")
    percent = min(99, int(item.progress * 100))
    if percent != request.progress:
        request.progress = percent
        request.updated_at = now
        mirror_to_followers(session, request, RequestStatus.DOWNLOADING, now=now)
    running_for = now - (row.started_at or now)
    delay = poll_delay_seconds(item, running_for)
    return PollOutcome(finished=False, delay_seconds=delay, detail=f"{percent}%")


def release_unneeded_download(session: Session, request: Request, *, now: datetime) -> list[str]:
    """When a request is cancelled or deleted: the info-hashes of its unfinished downloads that no
    other request for the book still needs (the caller removes them from the client).

    Finished downloads are left alone: they may be seeding, and the seeded-torrent cleanup
    removes them once their seeding goals are met.
    """
    if has_other_live_request(session, request.audiobook_id, request.id, LIVE):
        return []  # another user's request for this book carries on with the download
    rows = session.scalars(
        select(DownloadHistory).where(
            DownloadHistory.request_id == request.id,
            DownloadHistory.selected.is_(True),
            DownloadHistory.download_status.in_(UNFINISHED_DOWNLOADS),
            DownloadHistory.torrent_hash.is_not(None),
            DownloadHistory.removed_from_client_at.is_(None),
        )
    ).all()
    for row in rows:
        row.download_status = DownloadStatus.FAILED
        row.download_error = "request cancelled"
        row.removed_from_client_at = now
    return [row.torrent_hash for row in rows if row.torrent_hash]
