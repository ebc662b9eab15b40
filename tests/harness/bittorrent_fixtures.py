"""Session-wide real daemons on 127.0.0.1 (tracker, seeders, the clients under test), shared by
the download-client integration tests and the conformance suite; loaded from tests/conftest.py as
a plugin so one set of daemons serves the whole run. Each starts only when a test asks for it."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from earmark.demo.parts.daemons import Opentracker, QbittorrentDaemon, TransmissionDaemon
from earmark.demo.parts.deluge_daemon import DELUGE_PROGRAMS, DelugeDaemon
from earmark.demo.parts.processes import BITTORRENT_PROGRAMS
from earmark.demo.parts.torrents import MadeTorrent, make_payload, make_torrent
from earmark.integrations.http import build_client
from tests.harness.programs import require_programs

PAYLOAD_FILES = {"01 - Opening.mp3": 180_000, "02 - Ending.mp3": 120_000}


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
def deluge_daemon(bt_workdir: Path) -> Iterator[DelugeDaemon]:
    """deluged + deluge-web; start it only inside a network namespace (its module says why)."""
    require_programs(DELUGE_PROGRAMS, "Deluge daemons")
    daemon = DelugeDaemon(bt_workdir, bt_workdir / "deluge-downloads", name="deluge")
    yield daemon.start()
    daemon.stop()


@pytest.fixture(scope="session")
def http_client() -> Iterator[httpx.Client]:
    with build_client() as client:
        yield client


def new_book_torrent(seed_dir: Path, announce_url: str) -> MadeTorrent:
    """A fresh random two-file payload in `seed_dir` and its torrent."""
    name = f"Author - Book {uuid.uuid4().hex[:8]}"
    return make_torrent(make_payload(seed_dir, name, PAYLOAD_FILES), announce_url)


@pytest.fixture
def new_torrent(bt_workdir: Path, tracker: Opentracker) -> Callable[[], MadeTorrent]:
    """Each call: a fresh random payload in the seed folder, its torrent, whitelisted."""

    def make() -> MadeTorrent:
        made = new_book_torrent(bt_workdir / "seed", tracker.announce_url)
        tracker.allow([made.info_hash])
        return made

    return make
