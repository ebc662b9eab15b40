"""Scans fill the plex_library cache and complete requests (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, cast

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from earmark.core.errors import ConfigurationMissing
from earmark.core.events import NullEventLog
from earmark.db.engine import transaction
from earmark.demo.fakes.plex_server import FakePlexLibrary
from earmark.integrations.errors import Unreachable
from earmark.integrations.media_servers import LibraryItem, MediaServer, ServerLibrary
from earmark.integrations.media_servers.plex.client import PlexMediaServer
from earmark.library import cache_repository, scan
from earmark.library.models import PlexLibraryItem
from earmark.library.ownership import find_owned
from earmark.library.scan import (
    check_recently_added,
    match_imported_folder,
    match_open_requests,
    scan_folder,
    scan_library,
)
from earmark.requests.models import Audiobook, Request
from earmark.wiring import Services
from tests.integration.plex.conftest import BookShelf, add_request

log = NullEventLog()


LIBRARY = ServerLibrary(library_id="1")


def _cached_titles(services: Services) -> list[str]:
    with transaction(services.sessions) as session:
        return sorted(session.scalars(select(PlexLibraryItem.title)))


def _request(services: Services, request_id: object) -> tuple[Request, Audiobook]:
    with transaction(services.sessions) as session:
        request = session.get_one(Request, request_id)
        return request, session.get_one(Audiobook, request.audiobook_id)


def test_scan_library_no_library_configured_raises(
    services: Services, plex: PlexMediaServer
) -> None:
    with pytest.raises(ConfigurationMissing):
        scan_library(services, plex, ServerLibrary(library_id=""), log)


def test_scan_library_rescan_removes_items_gone_from_plex(
    services: Services, shelf: BookShelf, fake_plex: FakePlexLibrary, plex: PlexMediaServer
) -> None:
    shelf.add("Ann Leckie", "Ancillary Justice")
    gone = shelf.add("Ann Leckie", "Ancillary Sword")
    fake_plex.rescan()
    first = scan_library(services, plex, LIBRARY, log, page_size=1)
    for file in gone.iterdir():
        file.unlink()
    fake_plex.rescan()

    second = scan_library(services, plex, LIBRARY, log)

    assert (first.new_count, first.updated_count) == (2, 0)
    assert (second.new_count, second.unchanged_count, second.stale_removed_count) == (0, 1, 1)
    assert _cached_titles(services) == ["Ancillary Justice"]


def test_scan_library_rescan_writes_changed_items_only_and_stamps_all(
    services: Services, shelf: BookShelf, fake_plex: FakePlexLibrary, plex: PlexMediaServer
) -> None:
    shelf.add("Ann Leckie", "Ancillary Justice", asin="B00BAXFECK")
    shelf.add("Ann Leckie", "Ancillary Sword")
    fake_plex.rescan()
    scan_library(services, plex, LIBRARY, log)
    # The audiobook agent (it matched the ASIN) now lists the narrator in Style.
    shelf.add("Ann Leckie", "Ancillary Justice", asin="B00BAXFECK", narrator="Adjoa Andoh")
    fake_plex.rescan()
    second_started = datetime.now(UTC)

    second = scan_library(services, plex, LIBRARY, log)

    assert (second.new_count, second.updated_count, second.unchanged_count) == (0, 1, 1)
    with transaction(services.sessions) as session:
        rows = {row.title: row for row in session.scalars(select(PlexLibraryItem))}
    assert rows["Ancillary Justice"].narrator == "Adjoa Andoh"
    assert rows["Ancillary Justice"].narrator_key == "adjoa andoh"
    assert rows["Ancillary Sword"].narrator is None
    stamps = [row.last_scanned_at for row in rows.values()]
    assert all(stamp is not None and stamp >= second_started for stamp in stamps)


def test_scan_library_removed_item_unlinks_available_request(
    services: Services, shelf: BookShelf, fake_plex: FakePlexLibrary, plex: PlexMediaServer
) -> None:
    shelf.add("Ann Leckie", "Ancillary Justice")
    folder = shelf.add("Ann Leckie", "Ancillary Sword")
    fake_plex.rescan()
    request_id = add_request(
        services, title="Ancillary Sword", author="Ann Leckie", file_path=str(folder)
    )
    scan_library(services, plex, LIBRARY, log)
    for file in folder.iterdir():
        file.unlink()
    fake_plex.rescan()

    scan_library(services, plex, LIBRARY, log)

    request, audiobook = _request(services, request_id)
    assert request.status == "downloaded"
    assert (audiobook.plex_guid, audiobook.status) == (None, "requested")


def test_scan_library_imported_folder_marks_request_available(
    services: Services, shelf: BookShelf, fake_plex: FakePlexLibrary, plex: PlexMediaServer
) -> None:
    folder = shelf.add("Martha Wells", "All Systems Red", tracks=2)
    shelf.add("Martha Wells", "Artificial Condition")
    fake_plex.rescan()
    request_id = add_request(
        services, title="Murderbot 1", author="M. Wells", file_path=str(folder) + "/"
    )

    report = scan_library(services, plex, LIBRARY, log)

    request, audiobook = _request(services, request_id)
    assert [m.evidence for m in report.matched] == ["file_path"]
    assert (request.status, request.error_message, request.import_attempts) == (
        "available",
        None,
        0,
    )
    assert request.completed_at is not None
    assert audiobook.status == "completed"
    assert audiobook.plex_library_id == "1"
    assert audiobook.plex_guid == report.matched[0].item_guid


def test_scan_library_asin_in_tags_matches_request_without_path(
    services: Services, shelf: BookShelf, fake_plex: FakePlexLibrary, plex: PlexMediaServer
) -> None:
    shelf.add("Frank Herbert", "Dune (Unabridged)", asin="B002V1OF70")
    fake_plex.rescan()
    matched_id = add_request(services, title="Dune", author="Frank Herbert", asin="B002V1OF70")
    blank_id = add_request(services, title="Other", author="Someone", asin="")

    scan_library(services, plex, LIBRARY, log)

    assert _request(services, matched_id)[0].status == "available"
    assert _request(services, blank_id)[0].status == "downloaded"


def test_scan_library_other_books_of_the_series_leave_request_open(
    services: Services, shelf: BookShelf, fake_plex: FakePlexLibrary, plex: PlexMediaServer
) -> None:
    shelf.add("Isaac Asimov", "Foundation and Empire", asin="B003KVMVDS", narrator="Scott Brick")
    shelf.add("Isaac Asimov", "Foundation's Edge")
    fake_plex.rescan()
    request_id = add_request(
        services, title="Foundation", author="Isaac Asimov", narrator="Scott Brick"
    )

    scan_library(services, plex, LIBRARY, log)

    assert _request(services, request_id)[0].status == "downloaded"


def test_scan_library_same_title_and_author_alone_marks_request_available(
    services: Services, shelf: BookShelf, fake_plex: FakePlexLibrary, plex: PlexMediaServer
) -> None:
    # Plex's music agent matched it: no ASIN, no narrator, and albums have no duration.
    shelf.add("Isaac Asimov", "Foundation (Unabridged)")
    shelf.add("Isaac Asimov", "Foundation and Empire")
    fake_plex.rescan()
    request_id = add_request(services, title="Foundation", author="Asimov, Isaac")

    report = scan_library(services, plex, LIBRARY, log)

    assert [m.evidence for m in report.matched] == ["title_author"]
    assert _request(services, request_id)[0].status == "available"


def test_check_recently_added_stores_new_items_and_matches(
    services: Services, shelf: BookShelf, fake_plex: FakePlexLibrary, plex: PlexMediaServer
) -> None:
    shelf.add("Ann Leckie", "Ancillary Justice", narrator="Adjoa Andoh")
    fake_plex.rescan()
    request_id = add_request(
        services,
        title="Ancillary Justice",
        author="Ann Leckie",
        narrator="Adjoa Andoh",
        status="failed",
    )

    report = check_recently_added(services, plex, LIBRARY, log)

    assert (report.new_count, [m.evidence for m in report.matched]) == (1, ["title_author"])
    assert _request(services, request_id)[0].status == "available"


def test_scan_folder_then_match_new_import_becomes_available(
    services: Services, shelf: BookShelf, fake_plex: FakePlexLibrary, plex: PlexMediaServer
) -> None:
    shelf.add("Ann Leckie", "Ancillary Justice")
    fake_plex.rescan()
    folder = shelf.add("Ann Leckie", "Ancillary Mercy")
    request_id = add_request(
        services, title="Ancillary Mercy", author="Ann Leckie", file_path=str(folder)
    )

    scan_folder(services, plex, LIBRARY, str(folder))
    outcome = match_imported_folder(
        services, plex, LIBRARY, request_id, str(folder), log, last_try=False
    )

    assert outcome.listed
    assert outcome.matched is not None and outcome.matched.evidence == "file_path"
    assert fake_plex.refreshes == [str(folder)]
    assert _request(services, request_id)[0].status == "available"


def _plex_mounts_library_elsewhere(services: Services, shelf: BookShelf) -> ServerLibrary:
    """Earmark writes to /srv/earmark/media; Plex reads the same books from the shelf's root."""
    services.config.set("paths.media", "/srv/earmark/media")
    return ServerLibrary(library_id="1", server_root=str(shelf.root))


def test_scan_folder_sends_plex_its_own_path_for_our_folder(
    services: Services, shelf: BookShelf, fake_plex: FakePlexLibrary, plex: PlexMediaServer
) -> None:
    elsewhere = _plex_mounts_library_elsewhere(services, shelf)
    folder = shelf.add("Ann Leckie", "Ancillary Mercy")
    imported_into = "/srv/earmark/media/Ann Leckie/Ancillary Mercy"
    request_id = add_request(
        services, title="Renamed by the tagger", author="", file_path=imported_into
    )

    scan_folder(services, plex, elsewhere, imported_into)
    outcome = match_imported_folder(
        services, plex, elsewhere, request_id, imported_into, log, last_try=False
    )

    assert fake_plex.refreshes == [str(folder)]
    assert outcome.matched is not None and outcome.matched.evidence == "file_path"
    assert _request(services, request_id)[0].status == "available"


def test_scan_library_matches_by_path_through_the_plex_library_path(
    services: Services, shelf: BookShelf, fake_plex: FakePlexLibrary, plex: PlexMediaServer
) -> None:
    elsewhere = _plex_mounts_library_elsewhere(services, shelf)
    shelf.add("Martha Wells", "All Systems Red")
    fake_plex.rescan()
    request_id = add_request(
        services,
        title="Murderbot 1",
        author="",
        file_path="/srv/earmark/media/Martha Wells/All Systems Red",
    )

    report = scan_library(services, plex, elsewhere, log)

    assert [m.evidence for m in report.matched] == ["file_path"]
    assert _request(services, request_id)[0].status == "available"


@pytest.mark.parametrize("last_try", [False, True])
def test_match_imported_folder_not_listed_matches_nothing(
    services: Services, shelf: BookShelf, plex: PlexMediaServer, last_try: bool
) -> None:
    missing = str(shelf.root / "Nobody" / "Missing")
    request_id = add_request(services, title="Missing", author="Nobody", file_path=missing)

    outcome = match_imported_folder(
        services, plex, LIBRARY, request_id, missing, log, last_try=last_try
    )

    assert (outcome.listed, outcome.matched) == (False, None)
    assert _request(services, request_id)[0].status == "downloaded"


def test_match_open_requests_cancelled_request_stays_cancelled(
    services: Services, shelf: BookShelf, fake_plex: FakePlexLibrary, plex: PlexMediaServer
) -> None:
    folder = shelf.add("Ann Leckie", "Provenance")
    fake_plex.rescan()
    scan_library(services, plex, LIBRARY, log)
    request_id = add_request(
        services,
        title="Provenance",
        author="Ann Leckie",
        file_path=str(folder),
        status="cancelled",
    )

    assert match_open_requests(services, LIBRARY, log) == []
    assert _request(services, request_id)[0].status == "cancelled"


def test_upsert_items_duration_beyond_32_bits_round_trips(services: Services) -> None:
    long_ms = 3_000_000_000
    item = LibraryItem(
        guid="plex://album/long",
        item_key="7",
        title="Complete Works",
        author="Many",
        duration_ms=long_ms,
    )
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with transaction(services.sessions) as session:
        cache_repository.upsert_items(session, [item], "1", now)
    with transaction(services.sessions) as session:
        stored = session.scalars(select(PlexLibraryItem.duration_ms)).one()

    assert stored == long_ms


def test_upsert_items_missing_values_keep_known_ones(services: Services) -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    full = LibraryItem(
        guid="g1",
        item_key="1",
        title="Dune",
        author="Frank Herbert",
        narrator="Scott Brick",
        asin="B002V1OF70",
        year=2006,
    )
    sparse = LibraryItem(guid="g1", item_key="2", title="Dune (Remastered)")
    with transaction(services.sessions) as session:
        cache_repository.upsert_items(session, [full], "1", now)
    with transaction(services.sessions) as session:
        counts = cache_repository.upsert_items(session, [sparse], "1", now)
    with transaction(services.sessions) as session:
        row = session.scalars(select(PlexLibraryItem)).one()

    assert counts == (0, 1, 0)
    assert (row.title, row.rating_key) == ("Dune (Remastered)", "2")
    assert (row.author, row.narrator, row.asin, row.year) == (
        "Frank Herbert",
        "Scott Brick",
        "B002V1OF70",
        2006,
    )


def test_upsert_items_fingerprint_format_is_pinned(services: Services) -> None:
    # A different digest for the same content makes the first scan after an upgrade rewrite
    # the whole cache: change this value only on purpose (and say so in the release notes).
    item = LibraryItem(
        guid="plex://album/5d07",
        item_key="42",
        title="Dune (Unabridged)",
        author="Herbert, Frank",
        narrator="Scott Brick",
        year=1965,
        duration_ms=2**33,
        asin="B002V1A0WU",
        file_paths=("/books/Dune/1.m4b", "/books/Dune/CD2/2.m4b"),
        thumb="/t/42",
        user_rating=8.0,
        added_at=datetime(2024, 5, 1, 12, 0, tzinfo=UTC),
    )
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with transaction(services.sessions) as session:
        cache_repository.upsert_items(session, [item], "3", now)
    with transaction(services.sessions) as session:
        stored = session.scalars(select(PlexLibraryItem.fingerprint)).one()
        again = cache_repository.upsert_items(session, [item], "3", now)

    assert stored == "28d9112e8a3e125f725196db240609d3"
    assert again == (0, 0, 1)


def test_find_owned_by_asin_and_by_title_and_author(
    services: Services, shelf: BookShelf, fake_plex: FakePlexLibrary, plex: PlexMediaServer
) -> None:
    shelf.add("Frank Herbert", "Dune", asin="B002V1OF70")
    shelf.add("Ann Leckie", "Ancillary Justice")
    fake_plex.rescan()
    scan_library(services, plex, LIBRARY, log)

    with transaction(services.sessions) as session:
        by_asin = find_owned(session, "b002v1of70", "Something else", "Anyone")
        by_title = find_owned(session, None, "Ancillary Justice (Unabridged)", "Leckie, Ann")
        other_author = find_owned(session, None, "Ancillary Justice", "Ann Smith")
        sequel = find_owned(session, None, "Ancillary Sword", "Ann Leckie")
        blank = find_owned(session, "", "Unknown", "")

    assert by_asin is not None and by_asin.title == "Dune" and by_asin.evidence == "asin"
    assert by_title is not None and by_title.evidence == "title_author"
    assert (other_author, sequel, blank) == (None, None, None)


class _FailingServer:
    """Serves `items`, then fails the way a dropped connection does (the scan stops there)."""

    def __init__(self, plex: PlexMediaServer, items: list[LibraryItem], fail: bool) -> None:
        self._plex, self._items, self._fail = plex, items, fail

    def iter_items(self, library_id: str, page_size: int = 1000) -> Iterator[LibraryItem]:
        yield from self._items
        if self._fail:
            raise Unreachable("Plex Media Server", "connection reset")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._plex, name)


def _items(count: int) -> list[LibraryItem]:
    return [
        LibraryItem(guid=f"plex://album/{n}", item_key=str(n), title=f"Tale {n}", author="Ann")
        for n in range(count)
    ]


def test_scan_library_in_many_batches_stores_every_one(
    services: Services, plex: PlexMediaServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scan, "UPSERT_BATCH", 7)
    server = _FailingServer(plex, _items(50), fail=False)

    report = scan_library(services, cast(MediaServer, server), LIBRARY, log)

    assert (report.total_scanned, report.new_count) == (50, 50)
    assert len(_cached_titles(services)) == 50


def test_scan_library_server_failing_mid_scan_keeps_stored_batches_and_removes_nothing(
    services: Services, plex: PlexMediaServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scan, "UPSERT_BATCH", 7)
    scan_library(services, cast(MediaServer, _FailingServer(plex, _items(30), False)), LIBRARY, log)
    failing = _FailingServer(plex, _items(40)[10:], fail=True)  # 0-9 not listed before failing

    with pytest.raises(Unreachable):
        scan_library(services, cast(MediaServer, failing), LIBRARY, log)

    # The four whole batches read before the failure (items 10-37) are stored, the unfinished
    # one (38, 39) is read again by the next scan; nothing is dropped as gone from Plex (0-9).
    assert _cached_titles(services) == sorted(f"Tale {n}" for n in range(38))


def test_scan_library_write_failing_stops_the_scan_with_its_error(
    services: Services, plex: PlexMediaServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scan, "UPSERT_BATCH", 7)
    read: list[int] = []
    written: list[int] = []
    real_write = scan._write

    def write_twice_then_fail(*args: Any, **kwargs: Any) -> None:
        if len(written) == 2:
            raise OperationalError("INSERT", {}, Exception("disk I/O error"))
        written.append(1)
        real_write(*args, **kwargs)

    class _Counting(_FailingServer):
        def iter_items(self, library_id: str, page_size: int = 1000) -> Iterator[LibraryItem]:
            for item in super().iter_items(library_id, page_size):
                read.append(1)
                yield item

    monkeypatch.setattr(scan, "_write", write_twice_then_fail)
    server = _Counting(plex, _items(70), fail=False)

    with pytest.raises(OperationalError, match="disk I/O error"):
        scan_library(services, cast(MediaServer, server), LIBRARY, log)

    assert len(_cached_titles(services)) == 14
    assert len(read) < 70  # the scan stopped reading soon after the failed batch
