"""Scenario 1: sign in, request a book, and it travels through real BitTorrent to `available`."""

from __future__ import annotations

import pytest

from earmark.demo.client import EarmarkApi, statuses_of
from earmark.demo.releases import ReleaseSpec, publish_release
from tests.e2e.checks import (
    assert_in_order,
    audio_in,
    library_folder,
    record_timing,
    tag_text,
    total_duration_seconds,
)
from tests.e2e.conftest import TimingReport, World

pytestmark = pytest.mark.e2e
HAPPY_PATH = ["searching", "downloading", "processing", "downloaded", "available"]


def test_request_happy_path_reaches_available_with_files_and_tags(
    any_world: World, timings: TimingReport
) -> None:
    world, stack = any_world, any_world.stack
    book = world.book(0)
    release = publish_release(stack, book, ReleaseSpec(fmt="mp3", tracks=2))
    user = EarmarkApi(stack.base_url, stack.earmark_logs)
    user.sign_in(stack.options.admin_username, stack.options.admin_password)
    assert book.asin in {item["asin"] for item in user.popular_books()}

    created = user.request_book(book.asin)
    done = user.wait_for_status(created["id"], {"available"}, timeout_seconds=150)

    assert_in_order(statuses_of(done), HAPPY_PATH)
    assert done["progress"] == 100 and done["error_message"] is None
    folder = library_folder(world, book)
    assert folder.is_relative_to(stack.library_root)
    placed = audio_in(folder)
    assert len(placed) == len(release.audio_files)
    assert total_duration_seconds(placed) == pytest.approx(book.runtime_minutes * 60, rel=0.05)
    assert (folder / "metadata.opf").is_file()
    downloaded = sorted((stack.downloads_dir / release.name).glob("*.mp3"))
    if placed[0].stat().st_dev == downloaded[0].stat().st_dev:
        # Same filesystem: hardlinks of the seeding files, whose bytes are never rewritten.
        assert all(p.samefile(d) for p, d in zip(placed, downloaded, strict=True))
        assert tag_text(placed[0], "TALB") == book.title
    else:
        # Another filesystem: copies, tagged with the catalog's metadata.
        assert not placed[0].samefile(downloaded[0])
        assert tag_text(placed[0], "TXXX:ASIN") == book.asin
        assert tag_text(placed[0], "TPE1") == book.author
        assert tag_text(placed[0], "TALB") == book.title
    assert str(folder) in stack.library.refreshes, "Earmark did not scan the book's folder"
    record_timing(timings, f"happy_path_{stack.db.engine.dialect.name}", world, done, release)
    user.close()


def test_magnet_only_release_reaches_available_through_a_prowlarr_proxy_link(
    postgres_world: World,
) -> None:
    world, stack = postgres_world, postgres_world.stack
    book = world.book(5)  # a book no other scenario requests (the stack is shared)
    release = publish_release(stack, book, ReleaseSpec(fmt="mp3", tracks=2, magnet_only=True))
    user = EarmarkApi(stack.base_url, stack.earmark_logs)
    user.sign_in(stack.options.admin_username, stack.options.admin_password)

    created = user.request_book(book.asin)
    done = user.wait_for_status(created["id"], {"available"}, timeout_seconds=180)

    assert_in_order(statuses_of(done), HAPPY_PATH)
    assert len(audio_in(library_folder(world, book))) == len(release.audio_files)
    # Earmark followed Prowlarr's magnet proxy link (301 to the magnet), with the key as a
    # header, never in a URL; and the key is in no log line.
    followed = [url for url, _ in stack.prowlarr.download_requests if "/download?" in url]
    assert followed and all("apikey=" not in url for url in followed)
    assert stack.prowlarr.api_key not in stack.earmark_logs()
    user.close()
