"""The download-client drivers the conformance suite is parametrised over.

The in-memory fake runs everywhere; the real daemons' parametrisations are marked `realparts`
and start their daemons (tests/harness/bittorrent_fixtures.py) only when selected.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from earmark.demo.parts.daemons import QbittorrentDaemon, TransmissionDaemon
from earmark.demo.parts.deluge_daemon import DelugeDaemon
from earmark.demo.parts.torrents import MadeTorrent
from tests.conformance.download_clients import (
    ClientDriver,
    DelugeDriver,
    MemoryDriver,
    QbittorrentDriver,
    TransmissionDriver,
)
from tests.fakes.memory_download_client import MemoryDownloadClient
from tests.harness.bittorrent_fixtures import new_book_torrent

# One entry per client: the fixture that builds its driver, and the marks its tests carry.
DRIVERS = [
    pytest.param("memory_driver", id="memory"),
    pytest.param(
        "qbittorrent_driver",
        id="qbittorrent",
        marks=[pytest.mark.realparts, pytest.mark.timeout(120)],
    ),
    pytest.param(
        "transmission_driver",
        id="transmission",
        marks=[pytest.mark.realparts, pytest.mark.timeout(120)],
    ),
    pytest.param(
        "deluge_driver",
        id="deluge",
        marks=[pytest.mark.realparts, pytest.mark.timeout(120)],
    ),
]


@pytest.fixture(params=DRIVERS)
def driver(request: pytest.FixtureRequest) -> ClientDriver:
    built: ClientDriver = request.getfixturevalue(request.param)
    return built


@pytest.fixture
def memory_driver(tmp_path: Path) -> MemoryDriver:
    seed_dir = tmp_path / "seed"

    def make() -> MadeTorrent:
        # Nobody announces anywhere: the fake never talks to a tracker.
        return new_book_torrent(seed_dir, "http://127.0.0.1:9/announce")

    return MemoryDriver(MemoryDownloadClient(str(tmp_path / "downloads")), tmp_path / "dl", make)


@pytest.fixture
def qbittorrent_driver(
    qbittorrent_daemon: QbittorrentDaemon,
    transmission_seeder: TransmissionDaemon,
    http_client: httpx.Client,
    new_torrent: Callable[[], MadeTorrent],
) -> QbittorrentDriver:
    return QbittorrentDriver(qbittorrent_daemon, transmission_seeder, http_client, new_torrent)


@pytest.fixture
def transmission_driver(
    transmission_daemon: TransmissionDaemon,
    qbittorrent_seeder: QbittorrentDaemon,
    http_client: httpx.Client,
    new_torrent: Callable[[], MadeTorrent],
) -> TransmissionDriver:
    return TransmissionDriver(transmission_daemon, qbittorrent_seeder, http_client, new_torrent)


@pytest.fixture
def deluge_driver(
    deluge_daemon: DelugeDaemon,
    transmission_seeder: TransmissionDaemon,
    http_client: httpx.Client,
    new_torrent: Callable[[], MadeTorrent],
) -> DelugeDriver:
    return DelugeDriver(deluge_daemon, transmission_seeder, http_client, new_torrent)
