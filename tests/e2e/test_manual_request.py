"""A book the Audible catalog does not list, requested by title and author, travels through real
BitTorrent to `available`: ranked without a runtime, imported without an ASIN, matched in the
media server by title and author."""

from __future__ import annotations

import base64

import pytest

from earmark.demo.client import EarmarkApi, statuses_of
from earmark.demo.releases import BOOK_RUNTIME_MINUTES, CatalogBook, ReleaseSpec, publish_release
from tests.e2e.checks import assert_in_order, audio_in, library_folder, total_duration_seconds
from tests.e2e.conftest import World

pytestmark = pytest.mark.e2e
HAPPY_PATH = ["searching", "downloading", "processing", "downloaded", "available"]
# Not in the fake Audible catalog: its products are generated with other titles.
UNLISTED = CatalogBook(
    asin="",
    title="The Lighthouse Keeper's Ledger",
    author="Imogen Farrow",
    runtime_minutes=BOOK_RUNTIME_MINUTES,
)


def test_book_missing_from_the_catalog_requested_by_title_reaches_available(
    postgres_world: World,
) -> None:
    world, stack = postgres_world, postgres_world.stack
    products = stack.audible_app.state.products
    assert all(p.audible["title"] != UNLISTED.title for p in products)
    release = publish_release(stack, UNLISTED, ReleaseSpec(fmt="mp3", tracks=2))
    user = EarmarkApi(stack.base_url, stack.earmark_logs)
    user.sign_in(stack.options.admin_username, stack.options.admin_password)

    created = user.request_by_title(UNLISTED.title, UNLISTED.author, year=2021)
    assert created["book"]["asin"] is None
    done = user.wait_for_status(created["id"], {"available"}, timeout_seconds=180)

    assert_in_order(statuses_of(done), HAPPY_PATH)
    assert done["error_message"] is None
    folder = library_folder(world, UNLISTED)
    assert folder.is_relative_to(stack.library_root)
    placed = audio_in(folder)
    assert len(placed) == len(release.audio_files)
    assert total_duration_seconds(placed) == pytest.approx(UNLISTED.runtime_minutes * 60, rel=0.05)
    opf = (folder / "metadata.opf").read_text()
    assert "2021" in opf and "ASIN" not in opf
    # Requesting it again once it is in the library is recognised, not downloaded twice.
    answer = user.http.post(
        "/api/requests/manual", json={"title": UNLISTED.title, "author": UNLISTED.author}
    )
    assert answer.status_code == 409 and "already in the library" in answer.json()["message"]
    user.close()


HAND_FOUND = CatalogBook(
    asin="",
    title="Cartography of Small Rain",
    author="Bartholomew Ashcombe",
    runtime_minutes=BOOK_RUNTIME_MINUTES,
)


def test_a_torrent_found_by_hand_attached_to_a_request_is_grabbed_and_imported(
    postgres_world: World,
) -> None:
    world, stack = postgres_world, postgres_world.stack
    # Seeded on the tracker but listed by no indexer: only the admin's upload can find it.
    release = publish_release(stack, HAND_FOUND, ReleaseSpec(fmt="mp3", tracks=1, in_search=False))
    admin = EarmarkApi(stack.base_url, stack.earmark_logs)
    admin.sign_in(stack.options.admin_username, stack.options.admin_password)
    created = admin.request_by_title(HAND_FOUND.title, HAND_FOUND.author)
    admin.wait_for_status(created["id"], {"awaiting_search"}, timeout_seconds=60)

    body = {
        "file_name": f"{release.name}.torrent",
        "file_base64": base64.b64encode(release.torrent.data).decode(),
    }
    answer = admin.http.post(f"/api/requests/{created['id']}/attach-release", json=body)
    assert answer.status_code == 200, answer.text
    done = admin.wait_for_status(created["id"], {"available"}, timeout_seconds=180)

    assert_in_order(statuses_of(done), ["awaiting_search", *HAPPY_PATH])
    assert len(audio_in(library_folder(world, HAND_FOUND))) == len(release.audio_files)
    admin.close()
