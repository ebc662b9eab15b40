"""Scenario: with Deluge as the download client, a request travels to `available`."""

from __future__ import annotations

import httpx
import pytest

from earmark.demo.client import statuses_of
from earmark.demo.releases import ReleaseSpec, publish_release
from earmark.integrations.download_clients.deluge.client import DelugeClient
from earmark.integrations.download_clients.deluge.settings import DelugeSettings
from tests.e2e.checks import assert_in_order, audio_in, library_folder
from tests.e2e.conftest import World

pytestmark = pytest.mark.e2e
BOOK_INDEX = 6  # a book no other scenario requests
HAPPY_PATH = ["searching", "downloading", "processing", "downloaded", "available"]


def test_deluge_request_reaches_available_under_earmarks_label(deluge_world: World) -> None:
    world, stack = deluge_world, deluge_world.stack
    assert stack.deluge is not None
    book = world.book(BOOK_INDEX)
    release = publish_release(stack, book, ReleaseSpec(fmt="mp3", tracks=2))

    created = world.admin.request_book(book.asin)
    done = world.admin.wait_for_status(created["id"], {"available"}, timeout_seconds=150)

    assert_in_order(statuses_of(done), HAPPY_PATH)
    assert done["progress"] == 100 and done["error_message"] is None
    assert len(audio_in(library_folder(world, book))) == len(release.audio_files)
    settings = DelugeSettings(url=stack.deluge.url, password=stack.deluge.password)
    with httpx.Client(timeout=10) as http:
        item = DelugeClient(settings, http).info(release.torrent.info_hash)
    assert item is not None and item.is_finished
    assert item.category == "earmark"
    assert item.content_path == str(stack.downloads_dir / release.name)
