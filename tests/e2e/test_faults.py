"""Scenarios 3 and 4: a worker killed mid-download, and qBittorrent down for a minute."""

from __future__ import annotations

import hashlib
import os
import signal
import time
from pathlib import Path

import pytest
import qbittorrentapi

from earmark.demo.client import statuses_of
from earmark.demo.parts.polling import wait_until
from earmark.demo.parts.seeding import qbittorrent_api_for
from earmark.demo.releases import (
    CatalogBook,
    PublishedRelease,
    ReleaseSpec,
    publish_release,
    remove_upload_limit,
)
from tests.e2e.checks import assert_in_order, audio_in, library_folder, record_timing
from tests.e2e.conftest import TimingReport, World

pytestmark = pytest.mark.e2e
# A few MiB of extras at a throttled seeder keep the download running for tens of seconds.
SLOW = ReleaseSpec(fmt="mp3", tracks=2, padding_bytes=3 * 1024 * 1024, upload_limit_kib=96)
CLIENT_OUTAGE_SECONDS = float(os.environ.get("EARMARK_E2E_CLIENT_OUTAGE_SECONDS", "60"))


def _progress(api: qbittorrentapi.Client, release: PublishedRelease) -> float:
    rows = api.torrents_info(torrent_hashes=release.info_hash)
    return float(rows[0].progress) if rows else 0.0


def _progress_once_loaded(world: World, release: PublishedRelease) -> float:
    """Progress after a restart, once qBittorrent has loaded and checked the torrent again."""
    assert world.stack.qbittorrent is not None
    api = qbittorrent_api_for(world.stack.qbittorrent)

    def loaded() -> qbittorrentapi.TorrentDictionary | None:
        rows = api.torrents_info(torrent_hashes=release.info_hash)
        return rows[0] if rows and not str(rows[0].state).startswith("checking") else None

    row = wait_until(loaded, 30, f"qBittorrent did not reload {release.name}")
    return float(row.progress)


def _wait_mid_download(world: World, release: PublishedRelease, request_id: str) -> float:
    """Block until bytes are flowing but the download is far from done; return the progress."""
    world.admin.wait_for_status(request_id, {"downloading"}, timeout_seconds=60)
    assert world.stack.qbittorrent is not None
    api = qbittorrent_api_for(world.stack.qbittorrent)

    def flowing() -> float | None:
        progress = _progress(api, release)
        return progress if progress > 0.02 else None

    progress = wait_until(flowing, 60, "the download never started", interval=0.3)
    assert progress < 0.9, f"the download ran too fast to interrupt ({progress:.0%})"
    return progress


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _assert_library_matches_source(
    world: World, book: CatalogBook, release: PublishedRelease
) -> None:
    """Nothing lost or corrupted: the library holds exactly the seeded audio, byte for byte."""
    placed = audio_in(library_folder(world, book))
    assert sorted(map(_sha256, placed)) == sorted(map(_sha256, release.audio_files))


def test_worker_sigkilled_mid_download_new_worker_finishes(
    postgres_world: World, timings: TimingReport
) -> None:
    world, stack = postgres_world, postgres_world.stack
    book = world.book(2)
    release = publish_release(stack, book, SLOW)
    created = world.admin.request_book(book.asin)
    _wait_mid_download(world, release, created["id"])

    killed = stack.worker
    stack.kill_worker()
    assert killed is not None and killed.process.returncode == -signal.SIGKILL
    remove_upload_limit(stack, [release])  # the rest may come at full speed
    stack.start_worker()
    done = world.admin.wait_for_status(created["id"], {"available"}, timeout_seconds=180)

    assert_in_order(statuses_of(done), ["downloading", "processing", "downloaded", "available"])
    assert statuses_of(done).count("downloading") == 1, "the release was grabbed twice"
    _assert_library_matches_source(world, book, release)
    record_timing(timings, "worker_killed_mid_download", world, done, release)


def test_download_client_down_for_a_minute_request_resumes(
    postgres_world: World, timings: TimingReport
) -> None:
    world, stack = postgres_world, postgres_world.stack
    assert stack.qbittorrent is not None
    book = world.book(3)
    release = publish_release(stack, book, SLOW)
    created = world.admin.request_book(book.asin)
    before = _wait_mid_download(world, release, created["id"])

    stack.qbittorrent.stop()
    time.sleep(CLIENT_OUTAGE_SECONDS)
    during = world.admin.read_request(created["id"])
    assert during["status"] == "downloading", "the outage changed the request"
    stack.qbittorrent.start()
    resumed = _progress_once_loaded(world, release)
    remove_upload_limit(stack, [release])
    done = world.admin.wait_for_status(created["id"], {"available"}, timeout_seconds=180)

    assert resumed >= before, f"qBittorrent lost data over the restart ({before} -> {resumed})"
    assert statuses_of(done).count("downloading") == 1, "the release was grabbed again"
    _assert_library_matches_source(world, book, release)
    record_timing(timings, "client_down_a_minute", world, done, release)
