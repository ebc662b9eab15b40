"""Drivers for the download-client conformance suite: one per client under test.

A driver holds an adapter signed in to its client and knows how that client is made to finish a
torrent (real daemons: a seeder on the local tracker; the in-memory fake: complete()). A new
adapter (Deluge, ...) joins the suite with one driver class and one entry in DRIVERS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import httpx
from pydantic import SecretStr

from earmark.demo.parts.daemons import QbittorrentDaemon, TransmissionDaemon
from earmark.demo.parts.deluge_daemon import DelugeDaemon
from earmark.demo.parts.polling import wait_for_item
from earmark.demo.parts.processes import free_port
from earmark.demo.parts.seeding import (
    leech_into_transmission,
    seed_with_transmission,
    transmission_rpc_for,
)
from earmark.demo.parts.torrents import MadeTorrent
from earmark.integrations.download_clients import DownloadClient, DownloadItem
from earmark.integrations.download_clients.deluge.client import DelugeClient
from earmark.integrations.download_clients.deluge.settings import DelugeSettings
from earmark.integrations.download_clients.qbittorrent.client import QbittorrentClient
from earmark.integrations.download_clients.qbittorrent.settings import QbittorrentSettings
from earmark.integrations.download_clients.transmission.client import TransmissionClient
from earmark.integrations.download_clients.transmission.settings import TransmissionSettings
from tests.fakes.memory_download_client import MemoryDownloadClient
from tests.integration.download_clients.adapters import (
    deluge_adapter,
    qbittorrent_adapter,
    transmission_adapter,
)

FINISH_TIMEOUT_SECONDS = 60.0
STALL_TIMEOUT_SECONDS = 30.0
# libtorrent in deluged can wait its 60 s reconnect back-off after a magnet's metadata arrives
# (lab: 67-70 s; here usually 13 s): no switch avoids it, so Deluge's magnets get longer.
DELUGE_MAGNET_TIMEOUT_SECONDS = 100.0
# Transmission reports labels (Earmark's categories) from RPC version 17 (Transmission 4) on.


class ClientDriver(Protocol):
    client: DownloadClient
    save_dir: Path

    def new_torrent(self) -> MadeTorrent:
        """A fresh payload and its torrent, known to the tracker but seeded by nobody yet."""
        ...

    def before_add(self, made: MadeTorrent) -> None:
        """Make the payload available before the client under test is given the torrent."""
        ...

    def finish(self, made: MadeTorrent, by_magnet: bool) -> DownloadItem:
        """After add(): let the download complete and return the finished item."""
        ...

    def starve(self, info_hash: str) -> DownloadItem:
        """Nobody seeds this torrent: the item once the client reports it stalled."""
        ...

    def with_password(self, password: str) -> DownloadClient: ...

    def unreachable(self) -> DownloadClient:
        """An adapter configured for a client that is not running."""
        ...


def _payload_files(payload: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(payload)): path.read_bytes()
        for path in sorted(payload.rglob("*"))
        if path.is_file()
    }


@dataclass
class MemoryDriver:
    client: MemoryDownloadClient
    save_dir: Path
    make_torrent: Callable[[], MadeTorrent]

    def new_torrent(self) -> MadeTorrent:
        return self.make_torrent()

    def before_add(self, made: MadeTorrent) -> None:
        """Nothing to seed: the fake finishes when told to."""

    def finish(self, made: MadeTorrent, by_magnet: bool) -> DownloadItem:
        return self.client.complete(
            made.info_hash, _payload_files(made.payload), name=made.payload.name
        )

    def starve(self, info_hash: str) -> DownloadItem:
        self.client.stall(info_hash)
        item = self.client.info(info_hash)
        assert item is not None
        return item

    def with_password(self, password: str) -> DownloadClient:
        return self.client.with_credentials("earmark", password)

    def unreachable(self) -> DownloadClient:
        offline = MemoryDownloadClient(url=f"http://127.0.0.1:{free_port()}")
        offline.go_offline()
        return offline


class _LeechesFromTransmission:
    """libtorrent clients dial the seeder they are told of: it seeds before the add."""

    client: DownloadClient
    seeder: TransmissionDaemon
    make_torrent: Callable[[], MadeTorrent]

    def new_torrent(self) -> MadeTorrent:
        return self.make_torrent()

    def before_add(self, made: MadeTorrent) -> None:
        seed_with_transmission(transmission_rpc_for(self.seeder), made)

    def finish(self, made: MadeTorrent, by_magnet: bool) -> DownloadItem:
        return wait_for_item(
            self.client, made.info_hash, lambda item: item.is_finished, FINISH_TIMEOUT_SECONDS
        )

    def starve(self, info_hash: str) -> DownloadItem:
        return wait_for_item(
            self.client, info_hash, lambda item: item.state == "stalled", STALL_TIMEOUT_SECONDS
        )


@dataclass
class QbittorrentDriver(_LeechesFromTransmission):
    """qbittorrent-nox leeches from a Transmission seeder that is seeding before the add."""

    daemon: QbittorrentDaemon
    seeder: TransmissionDaemon
    http: httpx.Client
    make_torrent: Callable[[], MadeTorrent]

    def __post_init__(self) -> None:
        self.client = qbittorrent_adapter(self.daemon, self.http)
        self.save_dir = self.daemon.save_dir / "conformance"

    def with_password(self, password: str) -> DownloadClient:
        return qbittorrent_adapter(self.daemon, self.http, password=password)

    def unreachable(self) -> DownloadClient:
        settings = QbittorrentSettings(
            url=f"http://127.0.0.1:{free_port()}", username="a", password=SecretStr("b")
        )
        return QbittorrentClient(settings, self.http)


@dataclass
class TransmissionDriver:
    """transmission-daemon, which never dials loopback peers: the seeder starts after the add."""

    daemon: TransmissionDaemon
    seeder: QbittorrentDaemon
    http: httpx.Client
    make_torrent: Callable[[], MadeTorrent]

    def __post_init__(self) -> None:
        self.client: DownloadClient = transmission_adapter(self.daemon, self.http)
        self.save_dir = self.daemon.download_dir / "conformance"

    def new_torrent(self) -> MadeTorrent:
        return self.make_torrent()

    def before_add(self, made: MadeTorrent) -> None:
        """Transmission must announce before anyone seeds (see leech_into_transmission)."""

    def finish(self, made: MadeTorrent, by_magnet: bool) -> DownloadItem:
        return leech_into_transmission(self.client, self.daemon, self.seeder, made, by_magnet)

    def starve(self, info_hash: str) -> DownloadItem:
        return wait_for_item(
            self.client, info_hash, lambda item: item.state == "stalled", STALL_TIMEOUT_SECONDS
        )

    def with_password(self, password: str) -> DownloadClient:
        return transmission_adapter(self.daemon, self.http, password=password)

    def unreachable(self) -> DownloadClient:
        settings = TransmissionSettings(
            url=f"http://127.0.0.1:{free_port()}", username="a", password=SecretStr("b")
        )
        return TransmissionClient(settings, self.http)


@dataclass
class DelugeDriver(_LeechesFromTransmission):
    """deluged (through deluge-web) leeches from a Transmission seeder seeding before the add."""

    daemon: DelugeDaemon
    seeder: TransmissionDaemon
    http: httpx.Client
    make_torrent: Callable[[], MadeTorrent]

    def __post_init__(self) -> None:
        self.client = deluge_adapter(self.daemon, self.http)
        self.save_dir = self.daemon.download_dir / "conformance"

    def finish(self, made: MadeTorrent, by_magnet: bool) -> DownloadItem:
        timeout = DELUGE_MAGNET_TIMEOUT_SECONDS if by_magnet else FINISH_TIMEOUT_SECONDS
        return wait_for_item(self.client, made.info_hash, lambda item: item.is_finished, timeout)

    def with_password(self, password: str) -> DownloadClient:
        return deluge_adapter(self.daemon, self.http, password=password)

    def unreachable(self) -> DownloadClient:
        settings = DelugeSettings(url=f"http://127.0.0.1:{free_port()}", password=SecretStr("b"))
        return DelugeClient(settings, self.http)
