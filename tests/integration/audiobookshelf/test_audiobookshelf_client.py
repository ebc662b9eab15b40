"""The Audiobookshelf adapter against the real 2.36.0 server: libraries, items, scans, errors."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator

import pytest

from earmark.demo.parts.polling import wait_until
from earmark.demo.parts.processes import free_port
from earmark.integrations.media_servers.audiobookshelf.client import AudiobookshelfServer
from tests.harness.audiobookshelf import AudiobookshelfDaemon
from tests.integration.audiobookshelf.conftest import add_book, connect

# Audiobookshelf's file watcher picks a new folder up after ~13 s by itself; the scan Earmark
# asks for after an import must be clearly faster than that.
RESCAN_LIMIT_SECONDS = 8.0


def test_list_libraries_offers_the_book_libraries_only(
    audiobookshelf: AudiobookshelfDaemon, abs_server: AudiobookshelfServer
) -> None:
    podcasts = audiobookshelf.workdir / "podcasts"
    podcasts.mkdir(exist_ok=True)
    audiobookshelf.request(
        "POST",
        "/api/libraries",
        {"name": "Podcasts", "folders": [{"fullPath": str(podcasts)}], "mediaType": "podcast"},
    )

    libraries = abs_server.list_libraries()

    assert [(lib.key, lib.title, lib.type) for lib in libraries] == [
        (audiobookshelf.library_id, "Audiobooks", "book")
    ]
    assert libraries[0].locations == (str(audiobookshelf.library_folder),)


def test_iter_items_reads_asin_author_and_narrator_from_folders_and_tags(
    audiobookshelf: AudiobookshelfDaemon, abs_server: AudiobookshelfServer
) -> None:
    items = {
        item.title: item for item in abs_server.iter_items(audiobookshelf.library_id, page_size=1)
    }

    hail_mary = items["Project Hail Mary"]
    assert hail_mary.asin == "B08G9PRS1K"  # from "[B08G9PRS1K]" in the folder name
    assert hail_mary.author == "Andy Weir"  # from the Author/Title layout
    assert hail_mary.narrator == "Ray Porter"  # from the composer tag
    assert hail_mary.file_paths == (
        str(audiobookshelf.library_folder / "Andy Weir" / "Project Hail Mary [B08G9PRS1K]"),
    )
    assert hail_mary.duration_ms is not None and 2500 <= hail_mary.duration_ms <= 3500
    assert hail_mary.guid == f"audiobookshelf://{hail_mary.item_key}"
    assert hail_mary.added_at is not None
    murderbot = items["All Systems Red"]
    assert (murderbot.asin, murderbot.author, murderbot.narrator) == (
        None,
        "Martha Wells",
        "Kevin R. Free",
    )
    assert abs_server.item_url(hail_mary.item_key) == (
        f"{audiobookshelf.url}/item/{hail_mary.item_key}"
    )


def test_scan_after_import_lists_a_new_folder_before_the_watcher_would(
    audiobookshelf: AudiobookshelfDaemon, abs_server: AudiobookshelfServer
) -> None:
    folder = add_book(
        audiobookshelf.library_folder, "Becky Chambers", "A Psalm for the Wild-Built [B08R6H5M2K]"
    )
    started = time.monotonic()

    abs_server.scan(audiobookshelf.library_id, str(folder))
    newest = wait_until(
        lambda: [
            item
            for item in abs_server.recently_added(audiobookshelf.library_id, limit=5)
            if item.file_paths == (str(folder),)
        ],
        RESCAN_LIMIT_SECONDS,
        "the scanned folder did not appear in Audiobookshelf",
        interval=0.25,
    )

    assert time.monotonic() - started < RESCAN_LIMIT_SECONDS
    assert (newest[0].title, newest[0].asin) == ("A Psalm for the Wild-Built", "B08R6H5M2K")


def test_connection_test_reports_version_and_book_libraries(
    audiobookshelf: AudiobookshelfDaemon, abs_server: AudiobookshelfServer
) -> None:
    report = abs_server.test()

    assert report.ok, report.message
    assert report.message == "Connected to Audiobookshelf 2.36.0"
    assert {"id": audiobookshelf.library_id, "title": "Audiobooks", "type": "book"} in (
        report.details["libraries"]  # type: ignore[operator]
    )


def test_connection_test_wrong_api_key_says_so(audiobookshelf: AudiobookshelfDaemon) -> None:
    report = connect(audiobookshelf, api_key="not-a-key").test()

    assert not report.ok
    assert report.message == (
        "Audiobookshelf: the API key was refused; create a new one in Audiobookshelf"
    )


def test_connection_test_nothing_listening_names_the_address(
    audiobookshelf: AudiobookshelfDaemon,
) -> None:
    port = free_port()
    report = connect(audiobookshelf, server_url=f"http://127.0.0.1:{port}").test()

    assert not report.ok
    assert report.message.startswith(f"Audiobookshelf: cannot connect to 127.0.0.1:{port}")
    assert report.message.endswith("check the Audiobookshelf URL")


@pytest.fixture
def other_web_server() -> Iterator[str]:
    """A web server that is not Audiobookshelf: every path answers an HTML page."""

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b"<html><body>My router</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_connection_test_another_web_server_is_not_audiobookshelf(
    audiobookshelf: AudiobookshelfDaemon, other_web_server: str
) -> None:
    report = connect(audiobookshelf, server_url=other_web_server).test()

    assert not report.ok
    assert report.message == (
        "Audiobookshelf: the answer was not JSON; check the URL points at Audiobookshelf "
        "(its web address, e.g. http://nas:13378)"
    )


def test_connection_test_warns_when_the_keys_user_cannot_scan(
    audiobookshelf: AudiobookshelfDaemon,
) -> None:
    user = audiobookshelf.create_user("listener", "listener-password")
    key = audiobookshelf.create_api_key(audiobookshelf.api_key, user["id"], name="listener")

    report = connect(audiobookshelf, api_key=key).test()

    assert report.ok
    assert report.message == (
        "Connected to Audiobookshelf 2.36.0; the key's user (listener) is not an admin, "
        "so scans fail"
    )
