"""Scenario: a request with "also get the ebook" on a real stack (qBittorrent, transmission
seeder, fake Prowlarr in its real shape): the audiobook becomes available and the EPUB, verified
by content, lands in the audiobook's folder."""

from __future__ import annotations

import time

import pytest

from earmark.demo.releases import (
    CatalogBook,
    PublishedRelease,
    ReleaseSpec,
    publish_ebook,
    publish_release,
)
from earmark.ebooks.formats import EbookFormat, content_format
from tests.e2e.checks import library_folder
from tests.e2e.conftest import World

pytestmark = pytest.mark.e2e


def test_the_ebook_lands_beside_the_audiobook(sqlite_world: World) -> None:
    world, stack, admin = sqlite_world, sqlite_world.stack, sqlite_world.admin
    book = world.book(6)  # a book no other scenario requests (the stack is shared)
    publish_release(stack, book, ReleaseSpec(fmt="mp3", tracks=2))
    ebook = publish_ebook(stack, book)
    turned_on = admin.http.put("/api/admin/settings/ebooks", json={"ebooks.enabled": True})
    assert turned_on.status_code == 200, turned_on.text
    try:
        _request_with_ebook(world, book, ebook)
    finally:
        admin.http.put("/api/admin/settings/ebooks", json={"ebooks.enabled": False})


def _request_with_ebook(world: World, book: CatalogBook, ebook: PublishedRelease) -> None:
    stack, admin = world.stack, world.admin
    created = admin.http.post("/api/requests", json={"asin": book.asin, "ebook": True})
    assert created.status_code == 201, created.text
    request_id = created.json()["id"]
    admin.wait_for_status(request_id, {"available"}, timeout_seconds=180)

    deadline, answer = time.monotonic() + 90, {}
    while time.monotonic() < deadline:
        answer = admin.http.get(f"/api/requests/{request_id}/ebook").json()
        if answer["status"] in ("ready", "failed", "not_found"):
            break
        time.sleep(1)
    assert answer["status"] == "ready", answer
    placed = library_folder(world, book) / f"{book.title}.epub"
    assert answer["file_path"] == str(placed)
    assert content_format(placed) is EbookFormat.EPUB
    assert placed.read_bytes() == ebook.audio_files[0].read_bytes()
    searches = [call for call in stack.prowlarr.search_calls if ("categories", "7020") in call]
    assert searches, "the ebook was not searched in the ebook category"
