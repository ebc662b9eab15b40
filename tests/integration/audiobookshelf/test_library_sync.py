"""Audiobookshelf fills the same library cache as Plex, and the same matching completes requests."""

from __future__ import annotations

from sqlalchemy import select

from earmark.core.events import NullEventLog
from earmark.db.engine import transaction
from earmark.integrations.media_servers import ServerLibrary
from earmark.integrations.media_servers.audiobookshelf.client import AudiobookshelfServer
from earmark.library.models import PlexLibraryItem
from earmark.library.ownership import find_owned
from earmark.library.scan import check_recently_added, scan_library
from earmark.wiring import Services
from tests.harness.audiobookshelf import AudiobookshelfDaemon
from tests.integration.audiobookshelf.conftest import add_book
from tests.integration.plex.conftest import add_request

log = NullEventLog()


def test_full_scan_caches_books_and_matches_by_path_asin_and_title(
    services: Services, audiobookshelf: AudiobookshelfDaemon, abs_server: AudiobookshelfServer
) -> None:
    library = ServerLibrary(audiobookshelf.library_id)
    murderbot_folder = audiobookshelf.library_folder / "Martha Wells" / "All Systems Red"
    by_path = add_request(
        services, title="Murderbot 1", author="M. Wells", file_path=str(murderbot_folder)
    )
    by_asin = add_request(services, title="Hail Mary", author="Weir", asin="B08G9PRS1K")
    by_title = add_request(services, title="All Systems Red", author="Martha Wells")
    not_owned = add_request(services, title="Artemis", author="Andy Weir")

    report = scan_library(services, abs_server, library, log, page_size=1)

    evidence = {match.request_id: match.evidence for match in report.matched}
    assert evidence == {by_path: "file_path", by_asin: "asin", by_title: "title_author"}
    assert not_owned not in evidence
    with transaction(services.sessions) as session:
        rows = {row.title: row for row in session.scalars(select(PlexLibraryItem))}
        assert rows["Project Hail Mary"].asin == "B08G9PRS1K"
        assert rows["Project Hail Mary"].narrator == "Ray Porter"
        assert rows["All Systems Red"].library_id == audiobookshelf.library_id
        owned = find_owned(session, None, "Project Hail Mary", "Andy Weir")
    assert owned is not None and owned.item_guid.startswith("audiobookshelf://")

    again = scan_library(services, abs_server, library, log)
    assert (again.new_count, again.updated_count) == (0, 0)
    assert again.unchanged_count == report.total_scanned


def test_recently_added_stores_a_new_book_without_a_full_scan(
    services: Services, audiobookshelf: AudiobookshelfDaemon, abs_server: AudiobookshelfServer
) -> None:
    add_book(
        audiobookshelf.library_folder, "Ann Leckie", "Ancillary Justice", narrator="Adjoa Andoh"
    )
    audiobookshelf.scan()
    request_id = add_request(services, title="Ancillary Justice", author="Ann Leckie")

    report = check_recently_added(
        services, abs_server, ServerLibrary(audiobookshelf.library_id), log
    )

    assert [match.request_id for match in report.matched] == [request_id]
    with transaction(services.sessions) as session:
        narrators = session.scalars(
            select(PlexLibraryItem.narrator).where(PlexLibraryItem.title == "Ancillary Justice")
        ).all()
    assert narrators == ["Adjoa Andoh"]
