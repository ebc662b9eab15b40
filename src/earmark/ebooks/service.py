"""An ebook companion's steps: ask, search, grab, follow the download, place the verified file.

Each step reads and writes only the `ebook_companions` row (and reads the request's book), so
nothing here can change the audiobook request's status. The job handler
(`jobs/handlers/ebook_companion.py`) runs the step the row's status calls for.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from earmark.core.errors import Conflict, NotFound
from earmark.db.engine import SessionFactory, transaction
from earmark.downloads.paths import PathMapping
from earmark.ebooks.formats import verified_files
from earmark.ebooks.models import EbookCompanion
from earmark.ebooks.ranking import EbookProfile, best_format, explanation, rank_ebooks
from earmark.ebooks.states import ACTIVE, RETRYABLE, EbookStatus
from earmark.integrations.download_clients.protocol import HeldDownloads
from earmark.integrations.indexers import Release
from earmark.jobs import enqueue_step
from earmark.jobs.payloads import EbookCompanionJob
from earmark.library.templates import sanitize_component
from earmark.library.transfer import copy_atomically
from earmark.requests.models import Audiobook, Request
from earmark.requests.states import TERMINAL, RequestStatus
from earmark.rule_codes import EbookRule
from earmark.search.service import Searcher, profile_for

# How often a download is looked at, and a finished ebook waits for the audiobook's folder.
FOLLOW_SECONDS = 15.0
WAIT_FOR_AUDIOBOOK_SECONDS = 30.0


@dataclass(frozen=True)
class StepOutcome:
    """What a step did; `again_in` asks the job to run again after that many seconds."""

    status: EbookStatus
    detail: str
    again_in: float | None = None


@dataclass(frozen=True)
class Placement:
    """Where a finished ebook goes: the audiobook's folder, or `{folder}/{author}/{title}`."""

    beside_audiobook: bool
    folder: str = ""


def companion_of(session: Session, request_id: uuid.UUID) -> EbookCompanion | None:
    return session.scalars(
        select(EbookCompanion).where(EbookCompanion.request_id == request_id)
    ).one_or_none()


def companions_of(session: Session, request_ids: set[uuid.UUID]) -> dict[uuid.UUID, EbookCompanion]:
    if not request_ids:
        return {}
    rows = session.scalars(select(EbookCompanion).where(EbookCompanion.request_id.in_(request_ids)))
    return {row.request_id: row for row in rows}


# A request that will never be fetched gets no ebook either.
NO_EBOOK_FOR = frozenset({RequestStatus.CANCELLED, RequestStatus.DECLINED})


def start_ebook(
    session: Session, request: Request, *, enabled: bool, now: datetime
) -> EbookCompanion:
    """Ask for the request's ebook if the feature is on (`ebooks.enabled`) and it is still wanted."""
    if not enabled:
        raise Conflict(
            "Ebook companions are turned off; an admin can turn them on in Admin → Settings."
        )
    if request.status in NO_EBOOK_FOR:
        raise Conflict(f"This request is {request.status}; it gets no ebook.")
    return ask_for_ebook(session, request, now=now)


def ask_for_ebook(session: Session, request: Request, *, now: datetime) -> EbookCompanion:
    """Start (or, after "not found"/"failed", restart) the request's ebook companion."""
    row = companion_of(session, request.id)
    if row is not None and row.status not in RETRYABLE:
        if row.status in ACTIVE:
            raise Conflict("The ebook is already being fetched for this request.")
        raise Conflict("This request's ebook is already in place.")
    if row is None:
        row = EbookCompanion(request_id=request.id, created_at=now, updated_at=now)
        session.add(row)
    _reset(row, now)
    session.flush()
    enqueue_step(session, EbookCompanionJob(request_id=request.id), now=now)
    return row


def _reset(row: EbookCompanion, now: datetime) -> None:
    row.status, row.progress, row.error_message = EbookStatus.SEARCHING, 0, None
    row.release_title = row.release_guid = row.indexer_name = row.protocol = None
    row.download_url = row.magnet_url = row.download_client = row.download_client_id = None
    row.download_path = row.file_path = row.file_format = None
    row.size_bytes = row.seeders = None
    row.score, row.score_breakdown = None, None
    row.updated_at = now


def _row(session: Session, request_id: uuid.UUID) -> EbookCompanion:
    row = companion_of(session, request_id)
    if row is None:
        raise NotFound("This request has no ebook companion.")
    return row


def status_of(sessions: SessionFactory, request_id: uuid.UUID) -> EbookStatus:
    with sessions() as session:
        return _row(session, request_id).status


def search_ebook(
    sessions: SessionFactory,
    request_id: uuid.UUID,
    *,
    search: Searcher,
    profile: EbookProfile,
    now: datetime,
) -> StepOutcome:
    """Search the indexers' book categories and keep the best accepted release, or "not found"."""
    with sessions() as session:
        request = session.get(Request, request_id)
        book = session.get(Audiobook, request.audiobook_id) if request else None
        if book is None:
            raise NotFound("The ebook's request no longer exists.")
        wanted = profile_for(session, book)
    found = search(wanted.title, wanted.authors[0] if wanted.authors else None)
    allowed = [release for release in found if release.protocol in profile.protocols]
    ranked = rank_ebooks(wanted, allowed, profile)
    with transaction(sessions) as session:
        row = _row(session, request_id)
        row.updated_at = now
        if not ranked or not ranked[0].accepted:
            row.status, row.error_message = EbookStatus.NOT_FOUND, explanation(ranked)
            return StepOutcome(row.status, row.error_message)
        best = ranked[0]
        release = best.release
        row.status = EbookStatus.DOWNLOADING
        row.release_title, row.release_guid = release.title, release.guid
        row.indexer_name, row.protocol = release.indexer, release.protocol
        row.download_url, row.magnet_url = release.download_url, release.magnet_url
        row.size_bytes, row.seeders, row.score = release.size_bytes, release.seeders, best.score
        fmt = best_format(release, profile)
        row.file_format = str(fmt) if fmt else None
        row.score_breakdown = best.as_json()
        return StepOutcome(row.status, explanation(ranked), again_in=0.0)


def release_of(row: EbookCompanion) -> Release:
    """The chosen release as the indexer adapter knows releases (to fetch its file)."""
    return Release(
        guid=row.release_guid or str(row.id), title=row.release_title or "",
        size_bytes=row.size_bytes or 0, seeders=row.seeders, leechers=None,
        indexer=row.indexer_name or "", indexer_id=None,
        protocol="usenet" if row.protocol == "usenet" else "torrent",
        download_url=row.download_url, magnet_url=row.magnet_url, info_hash=None,
        publish_date=None,
    )  # fmt: skip


def record_grab(
    sessions: SessionFactory, request_id: uuid.UUID, client: str, download_id: str, now: datetime
) -> StepOutcome:
    """The download client took the release."""
    with transaction(sessions) as session:
        row = _row(session, request_id)
        row.download_client, row.download_client_id = client, download_id
        row.progress, row.updated_at = 0, now
        return StepOutcome(row.status, f"sent to {client}", again_in=FOLLOW_SECONDS)


def follow_download(
    sessions: SessionFactory,
    request_id: uuid.UUID,
    *,
    client: HeldDownloads,
    mapping: PathMapping | None,
    now: datetime,
) -> StepOutcome:
    """Progress while downloading; once complete, where the files are (as Earmark sees them)."""
    with sessions() as session:
        download_id = _row(session, request_id).download_client_id or ""
    item = client.info(download_id)
    with transaction(sessions) as session:
        row = _row(session, request_id)
        row.updated_at = now
        if item is None:
            return _failed(row, f"the download vanished from {client.name}")
        if item.state == "error":
            return _failed(row, f"{client.name} reports an error: {item.error_message or '?'}")
        row.progress = max(0, min(100, round(item.progress * 100)))
        if not item.is_finished:
            return StepOutcome(row.status, f"{row.progress}%", again_in=FOLLOW_SECONDS)
        path = item.content_path
        row.download_path = mapping.to_local(path) if mapping else path
        row.progress = 100
        return StepOutcome(row.status, "download complete", again_in=0.0)


def place_ebook(
    sessions: SessionFactory, request_id: uuid.UUID, *, placement: Placement, now: datetime
) -> StepOutcome:
    """Copy the content-verified ebook next to the audiobook (or into the ebook folder)."""
    with sessions() as session:
        row = _row(session, request_id)
        request = session.get(Request, request_id)
        book = session.get(Audiobook, request.audiobook_id) if request else None
        source = Path(row.download_path or "")
        wanted = row.file_format
        if request is None or book is None:
            raise NotFound("The ebook's request no longer exists.")
        target = _target_folder(book, placement)
        ended = request.status in TERMINAL
        request_status = request.status
    if target is None:
        with transaction(sessions) as session:
            row = _row(session, request_id)
            row.updated_at = now
            if ended:
                # Available without an imported folder (found in the library), or withdrawn.
                return _failed(
                    row, f"the request is {request_status} and has no audiobook folder to put "
                    "the ebook in; choose the ebook folder in the settings and ask again",
                )  # fmt: skip
            row.status = EbookStatus.WAITING
            return StepOutcome(row.status, "waiting", again_in=WAIT_FOR_AUDIOBOOK_SECONDS)
    files = verified_files(source) if source.exists() else []
    with transaction(sessions) as session:
        row = _row(session, request_id)
        row.updated_at = now
        if not files:
            return _failed(
                row, f"{EbookRule.NO_EBOOK_FILE}: no file in the download is the ebook it claims "
                "to be (checked by content)",
            )  # fmt: skip
        chosen, fmt = next(((p, f) for p, f in files if f == wanted), files[0])
        destination = target / chosen.name
        destination.parent.mkdir(parents=True, exist_ok=True)
        copy_atomically(chosen, destination)
        row.status, row.file_path, row.file_format = EbookStatus.READY, str(destination), str(fmt)
        row.error_message = None
        return StepOutcome(row.status, str(destination))


def _target_folder(book: Audiobook, placement: Placement) -> Path | None:
    if placement.beside_audiobook:
        if not book.file_path:
            return None
        folder = Path(book.file_path)
        return folder.parent if folder.is_file() else folder
    author = sanitize_component(book.author.split(",")[0].strip() or "Unknown author")
    return Path(placement.folder) / author / sanitize_component(book.title)


def _failed(row: EbookCompanion, message: str) -> StepOutcome:
    row.status, row.error_message = EbookStatus.FAILED, message
    return StepOutcome(row.status, message)


def fail_ebook(
    sessions: SessionFactory, request_id: uuid.UUID, message: str, now: datetime
) -> None:
    """The companion job gave up: the ebook fails, the audiobook request is left alone."""
    with transaction(sessions) as session:
        row = companion_of(session, request_id)
        if row is not None and row.status in ACTIVE:
            _failed(row, message)
            row.updated_at = now
