"""Scenario 2: the best-scored release is the wrong length: it is blocklisted, the next imported."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from earmark.demo.client import statuses_of
from earmark.demo.parts.seeding import qbittorrent_api_for, wait_removed_from_qbittorrent
from earmark.demo.releases import ReleaseSpec, publish_release
from earmark.downloads.models import DownloadHistory
from tests.e2e.checks import assert_in_order, audio_in, library_folder, record_timing
from tests.e2e.conftest import TimingReport, World

pytestmark = pytest.mark.e2e


def test_wrong_duration_release_is_blocklisted_and_next_release_imported(
    postgres_world: World, timings: TimingReport
) -> None:
    world, stack = postgres_world, postgres_world.stack
    book = world.book(1)
    # M4B, freeleech and more seeders: ranked first, but only half the book.
    short = publish_release(
        stack,
        book,
        ReleaseSpec(fmt="m4b", tracks=1, duration_factor=0.5, seeders=80, flags=("freeleech",)),
    )
    right = publish_release(stack, book, ReleaseSpec(fmt="mp3", tracks=2, seeders=3))

    created = world.admin.request_book(book.asin)
    done = world.admin.wait_for_status(created["id"], {"available"}, timeout_seconds=240)

    assert_in_order(
        statuses_of(done),
        ["downloading", "processing", "searching", "downloading", "processing", "available"],
    )
    with stack.db.sessions() as session:
        rows = {
            row.torrent_hash: row
            for row in session.scalars(
                select(DownloadHistory).where(DownloadHistory.request_id == created["id"])
            )
        }
    assert rows[short.info_hash].blocklisted
    assert "not imported" in (rows[short.info_hash].download_error or "")
    assert rows[right.info_hash].selected and not rows[right.info_hash].blocklisted
    first, second = rows[short.info_hash].started_at, rows[right.info_hash].started_at
    assert first is not None and second is not None and first < second, "short one not first"
    placed = audio_in(library_folder(world, book))
    assert [p.suffix for p in placed] == [".mp3", ".mp3"]
    _assert_removed_from_client(world, short.info_hash)
    record_timing(timings, "wrong_duration_then_next", world, done, right)


def _assert_removed_from_client(world: World, info_hash: str) -> None:
    """The rejected download is not seeded for a library copy: it goes, with its data."""
    assert world.stack.qbittorrent is not None
    api = qbittorrent_api_for(world.stack.qbittorrent)
    wait_removed_from_qbittorrent(api, info_hash, timeout_seconds=15)
