"""Library scans: refresh the library cache from the media server and mark matched requests available.

Server-neutral: the job handlers pass the `MediaServer` and its `ServerLibrary` (which library,
where the server sees our folder); nothing here reads a product's settings. The cache table keeps
the seed's name (`plex_library`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from typing import Any, Protocol

from sqlalchemy.orm import Session

from earmark.core.clock import Clock
from earmark.core.errors import ConfigurationMissing
from earmark.core.events import EventLog
from earmark.db.engine import SessionFactory, transaction
from earmark.integrations.media_servers import LibraryItem, MediaServer, ServerLibrary
from earmark.library import cache_repository
from earmark.library.availability import mark_available
from earmark.library.matching import CatalogFacts, LibraryIndex, Match, WantedBook, wanted_book
from earmark.library.normalise import path_key
from earmark.library.server_paths import to_server_path
from earmark.requests.lifecycle import transition
from earmark.requests.models import Audiobook, Request
from earmark.requests.problems import replacing_request_ids
from earmark.requests.states import MATCHABLE, AudiobookStatus, RequestStatus
from earmark.settings_store.catalogue import PathsSettings
from earmark.settings_store.service import ConfigService

# Items written per transaction: large enough that commits cost little, small enough that
# other writers (SQLite has one at a time) wait a fraction of a second at most.
UPSERT_BATCH = 5000

_Waiting = tuple[Request, Audiobook, CatalogFacts]


class ScanServices(Protocol):
    """What scanning and matching use of the app's services (the wiring's `Services` fits)."""

    @property
    def sessions(self) -> SessionFactory: ...

    @property
    def clock(self) -> Clock: ...

    @property
    def config(self) -> ConfigService: ...


@dataclass(frozen=True)
class MatchedRequest:
    request_id: uuid.UUID
    audiobook_id: uuid.UUID
    item_guid: str
    evidence: str


@dataclass
class ScanReport:
    total_scanned: int = 0
    new_count: int = 0
    updated_count: int = 0
    unchanged_count: int = 0
    skipped_count: int = 0
    stale_removed_count: int = 0
    matched: list[MatchedRequest] = field(default_factory=list)


def _library_id(library: ServerLibrary) -> str:
    if not library.library_id:
        raise ConfigurationMissing(
            "No audiobook library is chosen on the media server; choose it in its settings"
        )
    return library.library_id


def scan_library(
    services: ScanServices,
    server: MediaServer,
    library: ServerLibrary,
    log: EventLog,
    *,
    page_size: int = 1000,
) -> ScanReport:
    """Full scan: upsert every item in batches, drop items gone from the server, then match."""
    library_id = _library_id(library)
    report = ScanReport()
    started = services.clock.now()
    with services.sessions() as session:
        cached = cache_repository.cached_fingerprints(session, library_id)
    stale = set(cached)
    # One batch is written while the next is read and parsed: the database does a batch's work
    # in a few statements without the GIL (db/bulk.py), so it overlaps the parsing. A failure
    # on either side stops the scan; the batches written before it stay.
    with ThreadPoolExecutor(1, thread_name_prefix="library-store") as writer:
        written: Future[None] | None = None
        for batch in _batches(server.iter_items(library_id, page_size), UPSERT_BATCH):
            stale.difference_update(item.guid for item in batch)
            kept = _keyed(batch)
            rows = cache_repository.changed_rows(kept, library_id, cached)
            _count(report, batch, kept, rows.counts)
            if written is not None:
                written.result()
                written = None
            if rows.changed:  # a rescan's unchanged batch has nothing to write
                written = writer.submit(_write, services, rows.changed)
        if written is not None:
            written.result()
    # An empty answer is more likely a server hiccup than an emptied library: keep the cache.
    if report.total_scanned:
        report.stale_removed_count = _finish_full_scan(services, library_id, stale, started, log)
    log.info(
        f"Library scan: {report.total_scanned} items, {report.new_count} new, "
        f"{report.updated_count} updated, {report.unchanged_count} unchanged, "
        f"{report.stale_removed_count} removed"
    )
    report.matched = match_open_requests(services, library, log)
    return report


def check_recently_added(
    services: ScanServices,
    server: MediaServer,
    library: ServerLibrary,
    log: EventLog,
    *,
    limit: int = 10,
) -> ScanReport:
    """Upsert the newest items only (no removals), then match."""
    library_id = _library_id(library)
    report = ScanReport()
    _store(services, server.recently_added(library_id, limit), library_id, report)
    log.info(f"Recently added: {report.new_count} new, {report.updated_count} updated")
    report.matched = match_open_requests(services, library, log)
    return report


def scan_folder(
    services: ScanServices, server: MediaServer, library: ServerLibrary, folder: str
) -> None:
    """Right after an import: ask the server to scan only `folder` (under its own path for it)."""
    server.scan(_library_id(library), server_path_mapper(services, library)(folder))


@dataclass(frozen=True)
class FolderMatch:
    listed: bool
    matched: MatchedRequest | None = None


def match_imported_folder(
    services: ScanServices,
    server: MediaServer,
    library: ServerLibrary,
    request_id: uuid.UUID,
    folder: str,
    log: EventLog,
    *,
    last_try: bool,
) -> FolderMatch:
    """Store what the server added recently; match the request once it lists `folder`.

    Not listed yet: nothing is matched (the caller tries again later) unless this is the last
    try, which matches against what the cache holds and leaves the rest to the library scan.
    """
    library_id = _library_id(library)
    server_folder = server_path_mapper(services, library)(folder)
    items = server.recently_added(library_id)
    _store(services, items, library_id, ScanReport())
    listed = any(_inside(path, server_folder) for item in items for path in item.file_paths)
    if not listed:
        if not last_try:
            return FolderMatch(listed=False)
        log.warn(
            f"The media server has not listed {server_folder} yet; "
            "the next library scan will match it"
        )
    matched = match_open_requests(services, library, log, [request_id])
    return FolderMatch(listed=listed, matched=matched[0] if matched else None)


def match_open_requests(
    services: ScanServices,
    library: ServerLibrary,
    log: EventLog,
    request_ids: Collection[uuid.UUID] | None = None,
) -> list[MatchedRequest]:
    """Match waiting requests against the cache; matched ones become `available`."""
    matched: list[MatchedRequest] = []
    with transaction(services.sessions) as session:
        waiting = _not_replacing(
            session, cache_repository.open_requests(session, MATCHABLE, request_ids)
        )
        if not waiting:
            return matched
        to_server = server_path_mapper(services, library)
        wanted = [_wanted(book, catalog, to_server) for _, book, catalog in waiting]
        index = LibraryIndex.for_books(cache_repository.library_entries(session), wanted)
        found = [
            (req, book, index.find(book_wanted))
            for (req, book, _), book_wanted in zip(waiting, wanted, strict=True)
        ]
        hits = [(req, book, match) for req, book, match in found if match is not None]
        libraries = cache_repository.library_ids_of(session, {match.guid for _, _, match in hits})
        now = services.clock.now()
        for request, audiobook, match in hits:
            mark_available(session, request, audiobook, match.guid, libraries.get(match.guid), now)
            matched.append(_matched(request, match))
            log.info(f"Request {request.id} is available in the library ({match.detail})")
    return matched


def _not_replacing(session: Session, waiting: list[_Waiting]) -> list[_Waiting]:
    """A request whose copy is being replaced is not matched by a scan: the old copy is still in
    the library until the new one is imported (docs/problems.md)."""
    replacing = replacing_request_ids(session) if waiting else set()
    return [entry for entry in waiting if entry[0].id not in replacing]


def _mark_gone_from_library(session: Session, request: Request, now: datetime) -> None:
    # The files vanished from the library: the book is downloaded (ours) but no longer playable.
    transition(
        session,
        request,
        RequestStatus.DOWNLOADED,
        now=now,
        reason="The book is no longer in the library.",
    )
    request.completed_at = None


def _finish_full_scan(
    services: ScanServices, library_id: str, stale: set[str], started: datetime, log: EventLog
) -> int:
    """Drop items gone from the server and stamp the rest as seen; returns how many were dropped."""
    gone = sorted(stale)
    with transaction(services.sessions) as session:
        if gone:
            _unlink_audiobooks(session, gone, services.clock.now())
            cache_repository.delete_items(session, gone)
            log.info(f"{len(gone)} items are gone from the library and were removed from the cache")
        cache_repository.mark_scanned(session, library_id, started)
    return len(stale)


def _unlink_audiobooks(session: Session, guids: list[str], now: datetime) -> None:
    audiobooks = cache_repository.audiobooks_linked_to(session, guids)
    for request in cache_repository.requests_of(
        session, (a.id for a in audiobooks), RequestStatus.AVAILABLE
    ):
        _mark_gone_from_library(session, request, now)
    for audiobook in audiobooks:
        audiobook.plex_guid = None
        audiobook.plex_library_id = None
        audiobook.status = AudiobookStatus.REQUESTED
        audiobook.completed_at = None


def _store(
    services: ScanServices, items: Iterable[LibraryItem], library_id: str, report: ScanReport
) -> None:
    """Upsert a few items (the newest ones) in their own transaction."""
    batch = list(items)
    kept = _keyed(batch)
    with transaction(services.sessions) as session:
        counts = cache_repository.upsert_items(session, kept, library_id, services.clock.now())
    _count(report, batch, kept, counts)


def _write(services: ScanServices, rows: list[tuple[Any, ...]]) -> None:
    """A full scan's batch of changed rows, in its own transaction."""
    with transaction(services.sessions) as session:
        cache_repository.write_rows(session, rows, services.clock.now())


def _keyed(batch: list[LibraryItem]) -> list[LibraryItem]:
    """Items the cache can key: a server item without a GUID or a title is skipped."""
    return [item for item in batch if item.guid and item.title]


def _count(
    report: ScanReport,
    batch: list[LibraryItem],
    kept: list[LibraryItem],
    counts: cache_repository.UpsertCounts,
) -> None:
    report.total_scanned += len(batch)
    report.skipped_count += len(batch) - len(kept)
    report.new_count += counts.new
    report.updated_count += counts.updated
    report.unchanged_count += counts.unchanged


def server_path_mapper(services: ScanServices, library: ServerLibrary) -> Callable[[str], str]:
    """Our library paths as the media server sees them (an empty server root: the same paths)."""
    local_root = services.config.section(PathsSettings).media
    return lambda path: to_server_path(path, local_root, library.server_root)


def _wanted(book: Audiobook, catalog: CatalogFacts, to_server: Callable[[str], str]) -> WantedBook:
    file_path = to_server(book.file_path) if book.file_path else None
    return wanted_book(
        book.title, book.author, book.narrator, book.audible_asin, catalog, file_path
    )


def _matched(request: Request, match: Match) -> MatchedRequest:
    return MatchedRequest(request.id, request.audiobook_id, match.guid, match.evidence)


def _inside(path: str, folder: str) -> bool:
    item, base = path_key(path), path_key(folder)
    return bool(base) and (item == base or item.startswith(base + "/"))


def _batches(items: Iterator[LibraryItem], size: int) -> Iterator[list[LibraryItem]]:
    while batch := list(islice(items, size)):
        yield batch
