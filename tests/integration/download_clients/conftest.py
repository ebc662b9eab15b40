"""Session-wide real daemons on 127.0.0.1: tracker, seeders, and the clients under test."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from earmark.integrations.download_clients.qbittorrent.client import QbittorrentClient
from earmark.integrations.http import build_client
from tests.harness.daemons import Opentracker, QbittorrentDaemon, TransmissionDaemon
from tests.harness.processes import BITTORRENT_PROGRAMS, require_programs
from tests.harness.torrents import MadeTorrent, make_payload, make_torrent
from tests.integration.download_clients.adapters import qbittorrent_adapter


@pytest.fixture(scope="session")
def bt_workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_programs(BITTORRENT_PROGRAMS, "BitTorrent daemons")
    return tmp_path_factory.mktemp("bittorrent")


@pytest.fixture(scope="session")
def tracker(bt_workdir: Path) -> Iterator[Opentracker]:
    started = Opentracker(bt_workdir).start()
    yield started
    started.stop()


@pytest.fixture(scope="session")
def transmission_seeder(bt_workdir: Path) -> Iterator[TransmissionDaemon]:
    daemon = TransmissionDaemon(bt_workdir, bt_workdir / "seed", name="transmission-seeder")
    yield daemon.start()
    daemon.stop()


@pytest.fixture(scope="session")
def qbittorrent_seeder(bt_workdir: Path) -> Iterator[QbittorrentDaemon]:
    daemon = QbittorrentDaemon(bt_workdir, bt_workdir / "seed", name="qbittorrent-seeder")
    yield daemon.start()
    daemon.stop()


@pytest.fixture(scope="session")
def qbittorrent_daemon(bt_workdir: Path) -> Iterator[QbittorrentDaemon]:
    daemon = QbittorrentDaemon(bt_workdir, bt_workdir / "qbt-downloads", name="qbittorrent")
    yield daemon.start()
    daemon.stop()


@pytest.fixture(scope="session")
def transmission_daemon(bt_workdir: Path) -> Iterator[TransmissionDaemon]:
    daemon = TransmissionDaemon(bt_workdir, bt_workdir / "tr-downloads", name="transmission")
    yield daemon.start()
    daemon.stop()


@pytest.fixture(scope="session")
def http_client() -> Iterator[httpx.Client]:
    with build_client() as client:
        yield client


@pytest.fixture
def qbittorrent(
    qbittorrent_daemon: QbittorrentDaemon, http_client: httpx.Client
) -> QbittorrentClient:
    """Earmark's qBittorrent adapter signed in to the daemon under test."""
    return qbittorrent_adapter(qbittorrent_daemon, http_client)


@pytest.fixture
def new_torrent(bt_workdir: Path, tracker: Opentracker) -> Callable[[], MadeTorrent]:
    """Each call: a fresh random payload in the seed folder, its torrent, whitelisted."""

    def make() -> MadeTorrent:
        name = f"Author - Book {uuid.uuid4().hex[:8]}"
        sizes = {"01 - Opening.mp3": 180_000, "02 - Ending.mp3": 120_000}
        payload = make_payload(bt_workdir / "seed", name, sizes)
        made = make_torrent(payload, tracker.announce_url)
        tracker.allow([made.info_hash])
        return made

    return make


@pytest.fixture
def earmark_view(bt_workdir: Path) -> Callable[[Path], Path]:
    """A second path to a client's download folder (a symlink), as Earmark's mount would be."""

    def view_of(client_folder: Path) -> Path:
        view = bt_workdir / f"earmark-view-{client_folder.name}"
        if not view.exists():
            view.symlink_to(client_folder, target_is_directory=True)
        return view

    return view_of
