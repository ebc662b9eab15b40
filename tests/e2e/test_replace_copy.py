"""A reported copy is replaced through the real pipeline (docs/problems.md): the book reaches
`available` from one release; the requester reports it; the admin replaces it; Earmark blocklists
that release, grabs a new one over real BitTorrent, imports it into the same folder (the old files
moved aside meanwhile), removes the old files and the request is available again."""

from __future__ import annotations

import pytest

from earmark.demo.client import EarmarkApi, statuses_of
from earmark.demo.releases import ReleaseSpec, publish_release
from earmark.library.replacement import ASIDE_SUFFIX
from tests.e2e.checks import assert_in_order, audio_in, library_folder
from tests.e2e.conftest import World

pytestmark = pytest.mark.e2e
BOOK_INDEX = 5  # on the SQLite stack no other scenario requests it
REPLACED = ["available", "searching", "downloading", "processing", "downloaded", "available"]


def test_replace_a_reported_copy_reaches_available_with_only_the_new_files(
    sqlite_world: World,
) -> None:
    world, stack = sqlite_world, sqlite_world.stack
    book = world.book(BOOK_INDEX)
    publish_release(stack, book, ReleaseSpec(fmt="mp3", tracks=2))
    user = EarmarkApi(stack.base_url, stack.earmark_logs)
    user.sign_in(stack.options.admin_username, stack.options.admin_password)
    created = user.request_book(book.asin)
    user.wait_for_status(created["id"], {"available"}, timeout_seconds=150)
    folder = library_folder(world, book)
    assert {p.suffix for p in audio_in(folder)} == {".mp3"}

    # A better release appears; the requester reports the copy and the admin replaces it.
    publish_release(stack, book, ReleaseSpec(fmt="m4b", tracks=1))
    path = f"/api/requests/{created['id']}"
    reported = user.http.post(f"{path}/problem", json={"reason": "bad_audio", "note": "hiss"})
    assert reported.status_code == 201, reported.text
    replaced = user.http.post(f"{path}/replace", json={"note": "trying another release"})
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["replacing"] is True

    done = user.wait_for_status(created["id"], {"available"}, timeout_seconds=180)

    report = user.http.get(f"{path}/problem").json()
    assert report["status"] == "resolved", report
    assert_in_order(statuses_of(done), REPLACED)
    assert [p.suffix for p in audio_in(folder)] == [".m4b"]  # the old mp3 files are gone
    assert not folder.with_name(folder.name + ASIDE_SUFFIX).exists()
    user.close()
