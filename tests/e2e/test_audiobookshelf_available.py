"""Acceptance: a torrent request reaches `available` in a real Audiobookshelf, with no Plex set."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from earmark.demo.client import EarmarkApi, statuses_of
from earmark.demo.releases import ReleaseSpec, publish_release
from earmark.demo.stack import PLEX_TOKEN, EarmarkStack
from tests.e2e.checks import assert_in_order, audio_in, record_timing
from tests.e2e.conftest import TimingReport, World
from tests.harness.audiobookshelf import AudiobookshelfDaemon, require_built

pytestmark = pytest.mark.e2e
HAPPY_PATH = ["searching", "downloading", "processing", "downloaded", "available"]


@contextmanager
def audiobookshelf_instead_of_plex(
    stack: EarmarkStack, server: AudiobookshelfDaemon
) -> Iterator[None]:
    """Make Audiobookshelf the media server and unset Plex; the shared stack gets Plex back."""
    stack.db.config.set_many(
        {
            "plex.server_url": "",
            "plex.auth_token": "",
            "plex.library_id": "",
            "media_server.kind": "audiobookshelf",
            "audiobookshelf.server_url": server.url,
            "audiobookshelf.api_key": server.api_key,
            "audiobookshelf.library_id": server.library_id,
        }
    )
    try:
        yield
    finally:
        stack.db.config.set_many(
            {
                "media_server.kind": "plex",
                "plex.server_url": stack.urls.plex_server,
                "plex.auth_token": PLEX_TOKEN,
                "plex.library_id": stack.library.section_id,
            }
        )


def test_torrent_request_becomes_available_in_audiobookshelf(
    postgres_world: World, timings: TimingReport, tmp_path: Path
) -> None:
    require_built()
    world, stack = postgres_world, postgres_world.stack
    book = world.book(6)  # a book no other scenario requests (the stack is shared)
    with (
        AudiobookshelfDaemon(tmp_path, stack.library_root) as server,
        audiobookshelf_instead_of_plex(stack, server),
    ):
        release = publish_release(stack, book, ReleaseSpec(fmt="mp3", tracks=2))
        user = EarmarkApi(stack.base_url, stack.earmark_logs)
        user.sign_in(stack.options.admin_username, stack.options.admin_password)

        created = user.request_book(book.asin)
        done = user.wait_for_status(created["id"], {"available"}, timeout_seconds=150)
        listed = [
            item for item in server.items() if item["media"]["metadata"]["title"] == book.title
        ]
        requests_page = user.http.get("/requests").text
        user.close()

    assert_in_order(statuses_of(done), HAPPY_PATH)
    assert len(listed) == 1, f"Audiobookshelf lists {listed}"
    folder = Path(listed[0]["path"])
    assert folder.is_relative_to(stack.library_root)
    assert len(audio_in(folder)) == len(release.audio_files)
    assert listed[0]["media"]["metadata"]["authorName"] == book.author
    assert str(folder) not in stack.library.refreshes, "Plex was asked to scan"
    # The request card links to the book's page in Audiobookshelf's web app.
    assert f'href="{server.url}/item/{listed[0]["id"]}"' in requests_page
    record_timing(timings, "audiobookshelf", world, done, release)
