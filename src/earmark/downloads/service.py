"""Grabbing a chosen release and following its download until the files are complete.

Failures are split the way a person would: a release that is dead, stalled or refused by its
indexer is blocklisted and the next accepted release is tried; a download client that is down is
waited for (the request is never failed for it). Each reason to give up a release is a named rule
below with a stable code (rule_codes.MonitorRule), kept in the release's error text and events.
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
from earmark.integrations.download_clients.nzb import NzbFile, NzbSource, nzb_filename
from earmark.integrations.download_clients.protocol import DownloadItem, HeldDownloads
from earmark.integrations.download_clients.sources import (
    MagnetLink,
    TorrentFile,
    TorrentSource,
    info_hash_from_torrent,
)
from earmark.integrations.errors import AuthFailed, IntegrationError
from earmark.integrations.indexers.protocol import ReleaseFile
from earmark.jobs import enqueue_step
from earmark.jobs.payloads import DownloadTorrent, MonitorDownload, OrganizeFiles
from earmark.requests.models import Request
from earmark.requests.repository import has_other_live_request
from earmark.requests.service import acting_request, advance, mirror_to_followers
from earmark.requests.states import BEFORE_DOWNLOAD, LIVE, RequestStatus
from earmark.rule_codes import MonitorRule, Rejection

FIRST_POLL_SECONDS = 3.0
MAX_POLL_SECONDS = 30.0
MISSING_POLLS_BEFORE_DEAD = 5
# A monitor job outlives brief client outages (each poll that cannot reach the client retries).
MONITOR_MAX_ATTEMPTS = 10
UNFINISHED_DOWNLOADS = (DownloadStatus.QUEUED, DownloadStatus.DOWNLOADING, DownloadStatus.STALLED)


@dataclass(frozen=True)
class Handed:
    """Which client took a release, and its id there (info-hash or usenet job id)."""

    client_name: str
    download_id: str


@dataclass(frozen=True)
class HeldDownload:
    """A download to take back from the client of its protocol."""

    protocol: str | None
    download_id: str


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


ReleaseSource = TorrentSource | NzbSource
SourceFetcher = Callable[[DownloadHistory], ReleaseSource]


def source_of_file(fetched: ReleaseFile, protocol: str | None, name: str) -> ReleaseSource:
    """What the indexer handed over for a release of `protocol`, checked (a real magnet, an
    undamaged .torrent, an NZB document) so a bad release raises InvalidInput before a client
    sees it; `name` names an NZB file."""
    if protocol == "usenet":
        if fetched.kind != "nzb":
            raise InvalidInput("The indexer did not give an NZB for a usenet release.")
        return NzbFile(fetched.content, nzb_filename(name))
    if fetched.kind == "magnet" and fetched.magnet_url:
        return MagnetLink(fetched.magnet_url)
    if fetched.kind == "torrent":
        info_hash_from_torrent(fetched.content)
        return TorrentFile(fetched.content)
    raise InvalidInput("The indexer gave an NZB for a torrent release.")


# Gives the fetched release to the client of its protocol (each has its own category).
ReleaseSender = Callable[[ReleaseSource], Handed]


def enqueue_grab(
    session: Session, request: Request, candidate: DownloadHistory, now: datetime
) -> None:
    enqueue_step(
        session,
        DownloadTorrent(request_id=request.id, download_history_id=candidate.id),
        now=now,
        priority=request.priority,
    )


def enqueue_import(
    session: Session, request: Request, download: DownloadHistory, now: datetime
) -> None:
    enqueue_step(
        session,
        OrganizeFiles(request_id=request.id, download_history_id=download.id),
        now=now,
        priority=request.priority,
    )


def _blocklist(candidate: DownloadHistory, rejection: Rejection, log: EventLog) -> None:
    candidate.blocklisted = True
    if candidate.download_status != DownloadStatus.STALLED:
        candidate.download_status = DownloadStatus.FAILED
    candidate.download_error = rejection.coded_text()
    log.warn(
        f"Release blocklisted: {candidate.torrent_name}: {rejection.message}",
        release=candidate.torrent_name,
        rule=str(rejection.code),
    )


def _wait_for_a_release(
    session: Session, request: Request, reason: str, *, now: datetime, log: EventLog
) -> None:
    message = f"{reason}. No other acceptable release is known; Earmark will search again later."
    advance(session, request, RequestStatus.AWAITING_SEARCH, now=now, reason=message, log=log)


def give_up_on_release(
    session: Session,
    request: Request,
    candidate: DownloadHistory,
    rejection: Rejection,
    *,
    now: datetime,
    log: EventLog,
) -> None:
    """Blocklist this release, then grab the next accepted one or go back to waiting for one.

    The release's error text starts with the rule's code; the request's reason is the message.
    """
    reason = rejection.message
    _blocklist(candidate, rejection, log)
    following = repository.next_accepted(session, request.id)
    if following is None:
        _wait_for_a_release(session, request, reason, now=now, log=log)
        return
    if request.status != RequestStatus.SEARCHING:
        advance(session, request, RequestStatus.SEARCHING, now=now, reason=reason, log=log)
    enqueue_grab(session, request, following, now)


def _pick(
    sessions: SessionFactory, request_id: uuid.UUID, candidate_id: uuid.UUID
) -> tuple[uuid.UUID, DownloadHistory] | str:
    """The acting request's id and the release to grab, or why there is nothing to do."""
    with transaction(sessions) as session:
        request = acting_request(session, request_id)
        candidate = session.get(DownloadHistory, candidate_id)
        if request is None or candidate is None or request.status not in BEFORE_DOWNLOAD:
            return "skipped: the request no longer needs a download"
        if candidate.blocklisted:
            candidate = repository.next_accepted(session, request.id)
            if candidate is None:
                return "skipped: release blocklisted"
        return request.id, candidate


def _next_after_failure(
    sessions: SessionFactory,
    request_id: uuid.UUID,
    candidate_id: uuid.UUID,
    rejection: Rejection,
    *,
    now: datetime,
    log: EventLog,
) -> uuid.UUID | None:
    """Blocklist a release the indexer would not give; the next accepted one, if any."""
    with transaction(sessions) as session:
        request = session.get_one(Request, request_id)
        _blocklist(session.get_one(DownloadHistory, candidate_id), rejection, log)
        following = repository.next_accepted(session, request.id)
        if following is None:
            _wait_for_a_release(session, request, rejection.message, now=now, log=log)
            return None
        return following.id


def grab_release(
    sessions: SessionFactory,
    request_id: uuid.UUID,
    candidate_id: uuid.UUID,
    *,
    send: ReleaseSender,
    fetch: SourceFetcher,
    now: datetime,
    log: EventLog,
) -> str:
    """Send the release to the client; when its link fails, the next accepted one is tried in
    the same job (each failed release is blocklisted, so this ends)."""
    next_id: uuid.UUID | None = candidate_id
    while next_id is not None:
        picked = _pick(sessions, request_id, next_id)
        if isinstance(picked, str):
            return picked
        acting_id, candidate = picked
        try:
            source = fetch(candidate)
        except AuthFailed:
            raise  # a configuration problem, not this release's: the job fails with the reason
        except (IntegrationError, InvalidInput) as exc:
            next_id = _next_after_failure(
                sessions, acting_id, candidate.id, release_unavailable(exc), now=now, log=log
            )
            continue
        return _send(sessions, acting_id, candidate, source, send, now=now, log=log)
    return "no accepted release could be fetched; waiting for a new search"


def _send(
    sessions: SessionFactory,
    request_id: uuid.UUID,
    candidate: DownloadHistory,
    source: ReleaseSource,
    send: ReleaseSender,
    *,
    now: datetime,
    log: EventLog,
) -> str:
    # A client outage propagates: the job retries with backoff and the request keeps its status.
    handed = send(source)
    info_hash = handed.download_id
    with transaction(sessions) as session:
        request = session.get_one(Request, request_id)
        row = session.get_one(DownloadHistory, candidate.id)
        row.selected = True
        row.download_client = handed.client_name
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
            MonitorDownload(request_id=request.id, download_history_id=row.id),
            now=now,
            priority=request.priority,
            delay_seconds=FIRST_POLL_SECONDS,
            max_attempts=MONITOR_MAX_ATTEMPTS,
        )
    log.info(f"Sent '{candidate.torrent_name}' to {handed.client_name}", info_hash=info_hash)
    return info_hash


def protocol_of(sessions: SessionFactory, candidate_id: uuid.UUID) -> str | None:
    """The download row's protocol: which client (torrent or usenet) holds it."""
    with sessions() as session:
        row = session.get(DownloadHistory, candidate_id)
        return row.protocol if row is not None else None


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
    client: HeldDownloads,
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


def release_unavailable(exc: IntegrationError | InvalidInput) -> Rejection:
    """The indexer refused to hand over the release (gone, blocked, bad link)."""
    return Rejection(
        MonitorRule.RELEASE_UNAVAILABLE, f"the indexer would not give the release: {exc.message}"
    )


def download_vanished(row: DownloadHistory, now: datetime) -> Rejection | None:
    """The client has not known the torrent for several slow polls: removed behind our back."""
    last_seen = row.last_progress_at or row.started_at or now
    if now - last_seen <= timedelta(seconds=MAX_POLL_SECONDS * MISSING_POLLS_BEFORE_DEAD):
        return None
    return Rejection(
        MonitorRule.DOWNLOAD_VANISHED, "the download client no longer has this torrent"
    )


def client_error(item: DownloadItem) -> Rejection | None:
    """The client put the torrent in its error state (tracker refusal, disk error...)."""
    if item.state != "error":
        return None
    why = item.error_message or "the download client reports an error"
    return Rejection(MonitorRule.CLIENT_ERROR, f"download stalled ({why})")


def download_stalled(
    item: DownloadItem, stalled_for: timedelta, stall_after: timedelta
) -> Rejection | None:
    """No progress for longer than the stall limit; with no seeder left it is a dead torrent."""
    if stalled_for <= stall_after:
        return None
    minutes = int(stalled_for.total_seconds() // 60)
    if item.seeders_available == 0 and item.seeders_connected == 0:
        return Rejection(
            MonitorRule.DEAD_TORRENT,
            f"download stalled (no progress for {minutes} minutes, no seeders)",
        )
    return Rejection(
        MonitorRule.DOWNLOAD_STALLED, f"download stalled (no progress for {minutes} minutes)"
    )


def _missing(
    session: Session, request: Request, row: DownloadHistory, *, now: datetime, log: EventLog
) -> PollOutcome:
    vanished = download_vanished(row, now)
    if vanished is not None:
        give_up_on_release(session, request, row, vanished, now=now, log=log)
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
    enqueue_import(session, request, row, now)
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
    refusal = client_error(item) or download_stalled(item, stalled_for, settings.stall_after)
    if refusal is not None:
        row.download_status = (
            DownloadStatus.FAILED
            if refusal.code is MonitorRule.CLIENT_ERROR
            else DownloadStatus.STALLED
        )
        give_up_on_release(session, request, row, refusal, now=now, log=log)
        return PollOutcome(finished=True, detail="stalled")
    percent = min(99, int(item.progress * 100))
    if percent != request.progress:
        request.progress = percent
        request.updated_at = now
        mirror_to_followers(session, request, RequestStatus.DOWNLOADING, now=now)
    running_for = now - (row.started_at or now)
    delay = poll_delay_seconds(item, running_for)
    return PollOutcome(finished=False, delay_seconds=delay, detail=f"{percent}%")


def release_unneeded_download(
    session: Session, request: Request, *, now: datetime
) -> list[HeldDownload]:
    """When a request is cancelled or deleted: its unfinished downloads that no other request
    for the book still needs (the caller removes them from the client of their protocol).

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
    return [HeldDownload(row.protocol, row.torrent_hash) for row in rows if row.torrent_hash]
