"""After a download completes: verify and organize it, then record the result on the request.

The organizer does the file work; this module decides what each outcome means for the request:
success → downloaded (and a targeted Plex scan), wrong book → blocklist and try the next release,
transient trouble → awaiting_import (retried), too many tries → warn with the reason.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from earmark.catalog.repository import row_by_asin
from earmark.core.events import EventLog
from earmark.db.engine import SessionFactory, transaction
from earmark.downloads.models import DownloadHistory
from earmark.downloads.service import give_up_on_release
from earmark.jobs import enqueue_job, enqueue_step
from earmark.jobs.payloads import ScanPlex
from earmark.library.book_info import BookInfo
from earmark.library.errors import ImportFailed, ImportRetryable, VerificationFailed
from earmark.library.organizer import OrganizeResult
from earmark.library.replacement import TargetFolder, keeping_old_copy
from earmark.requests.models import Audiobook, Request
from earmark.requests.problems import replacement_imported, replacing_path
from earmark.requests.service import acting_request, advance
from earmark.requests.states import IMPORTABLE, RequestStatus
from earmark.rule_codes import ImportRule, Rejection

Organize = Callable[[Path, BookInfo], OrganizeResult]
REPLACED_SCAN_DELAY = timedelta(seconds=60)


@dataclass(frozen=True)
class ImportOutcome:
    status: str
    detail: str
    discard_info_hash: str | None = None
    discard_protocol: str | None = None  # which client holds it (torrent or usenet)
    rule: ImportRule | None = None  # the code of the import rule that refused, if one did


def book_info_for(session: Session, book: Audiobook) -> BookInfo:
    cached = row_by_asin(session, book.audible_asin)
    year = book.publication_year  # what a manual request's requester gave
    if cached is not None and cached.release_date and cached.release_date[:4].isdigit():
        year = int(cached.release_date[:4])
    return BookInfo(
        title=book.title,
        author=book.author,
        narrator=book.narrator,
        series=getattr(cached, "series", None),
        series_position=getattr(cached, "series_position", None),
        year=year,
        asin=book.audible_asin,
        description=book.description,
        genres=tuple(str(g) for g in (cached.genres or [])) if cached is not None else (),
        runtime_minutes=cached.duration_minutes if cached is not None else None,
    )


def _begin(session: Session, request: Request, now: datetime, log: EventLog) -> None:
    request.last_import_at = now
    if request.status != RequestStatus.PROCESSING:
        advance(session, request, RequestStatus.PROCESSING, now=now, log=log)


def import_download(
    sessions: SessionFactory,
    request_id: uuid.UUID,
    candidate_id: uuid.UUID,
    *,
    organize: Organize,
    scan_after_import: bool,
    max_retries: int,
    now: datetime,
    log: EventLog,
    target_folder: TargetFolder | None = None,
) -> ImportOutcome:
    """Import one finished download; `max_retries` is the `import.max_retries` setting.

    For a replacement (docs/problems.md) `target_folder` (where `organize` will put the book)
    tells whether the new copy lands in the old copy's folder; without it, it is assumed to."""
    with transaction(sessions) as session:
        request = acting_request(session, request_id)
        candidate = session.get(DownloadHistory, candidate_id)
        if request is None or candidate is None or request.status not in IMPORTABLE:
            return ImportOutcome("skipped", "the request no longer needs an import")
        if not candidate.download_path:
            raise ImportFailed(
                ImportRule.LOCATION_UNKNOWN, "The download's location is unknown; retry the search."
            )
        _begin(session, request, now, log)
        book = session.get_one(Audiobook, request.audiobook_id)
        info = book_info_for(session, book)
        source = Path(candidate.download_path)
        request_key = request.id
        old_copy = replacing_path(session, request.id)
    if old_copy is not None:
        old = Path(old_copy)
        organize = keeping_old_copy(organize, old, target_folder or (lambda _: old), log)
    try:
        result = organize(source, info)
    except VerificationFailed as exc:
        return _wrong_book(sessions, request_key, candidate_id, exc.rejection, now=now, log=log)
    except ImportRetryable as exc:
        outcome = _retry_later(sessions, request_key, exc.reason, max_retries, now=now, log=log)
        return replace(outcome, rule=exc.rule)
    except ImportFailed as exc:
        outcome = _needs_attention(sessions, request_key, exc.reason, now=now, log=log)
        return replace(outcome, rule=exc.rule)
    return _imported(sessions, request_key, result, scan_after_import, now=now, log=log)


def _wrong_book(
    sessions: SessionFactory,
    request_id: uuid.UUID,
    candidate_id: uuid.UUID,
    refusal: Rejection,
    *,
    now: datetime,
    log: EventLog,
) -> ImportOutcome:
    with transaction(sessions) as session:
        request = session.get_one(Request, request_id)
        candidate = session.get_one(DownloadHistory, candidate_id)
        not_imported = Rejection(refusal.code, f"not imported: {refusal.message}")
        give_up_on_release(session, request, candidate, not_imported, now=now, log=log)
        return ImportOutcome(
            request.status,
            refusal.message,
            discard_info_hash=candidate.torrent_hash,
            discard_protocol=candidate.protocol,
            rule=ImportRule(refusal.code),
        )


def _retry_later(
    sessions: SessionFactory,
    request_id: uuid.UUID,
    reason: str,
    max_retries: int,
    *,
    now: datetime,
    log: EventLog,
) -> ImportOutcome:
    with transaction(sessions) as session:
        request = session.get_one(Request, request_id)
        # The request records the limit it was held to (the seed's max_import_retries).
        request.max_import_retries = max_retries
        request.import_attempts += 1
        if request.import_attempts >= request.max_import_retries:
            message = f"Import failed {request.import_attempts} times; last error: {reason}. An admin can retry it."
            advance(session, request, RequestStatus.WARN, now=now, reason=message, log=log)
            return ImportOutcome(RequestStatus.WARN, message)
        message = f"Import will be retried: {reason}"
        advance(session, request, RequestStatus.AWAITING_IMPORT, now=now, reason=message, log=log)
        return ImportOutcome(RequestStatus.AWAITING_IMPORT, message)


def _needs_attention(
    sessions: SessionFactory, request_id: uuid.UUID, reason: str, *, now: datetime, log: EventLog
) -> ImportOutcome:
    with transaction(sessions) as session:
        request = session.get_one(Request, request_id)
        advance(session, request, RequestStatus.WARN, now=now, reason=reason, log=log)
        return ImportOutcome(RequestStatus.WARN, reason)


def _imported(
    sessions: SessionFactory,
    request_id: uuid.UUID,
    result: OrganizeResult,
    scan: bool,
    *,
    now: datetime,
    log: EventLog,
) -> ImportOutcome:
    with transaction(sessions) as session:
        request = session.get_one(Request, request_id)
        book = session.get_one(Audiobook, request.audiobook_id)
        book.file_path = str(result.target_dir)
        book.file_format = result.file_format
        book.file_size_bytes = result.total_size_bytes
        book.completed_at = now
        request.import_attempts = 0
        old_copy = replacement_imported(session, request.id, now=now)
        advance(session, request, RequestStatus.DOWNLOADED, now=now, log=log)
        for warning in result.warnings:
            log.warn(warning)
        if scan:
            enqueue_step(
                session, ScanPlex(request_id=request.id, path=str(result.target_dir)), now=now
            )
            if old_copy is not None and Path(old_copy) != result.target_dir:
                # The replaced copy's folder is gone: a library scan, once the new folder is
                # matched, lets the media server drop the old item.
                enqueue_job(
                    session,
                    ScanPlex(),
                    now=now,
                    dedupe_key="scan_plex:after_replacement",
                    run_after=now + REPLACED_SCAN_DELAY,
                )
    how = "hardlinked" if result.hardlinked else "copied"
    log.info(f"Imported {len(result.files)} file(s) ({how}) into {result.target_dir}")
    return ImportOutcome(RequestStatus.DOWNLOADED, str(result.target_dir))
