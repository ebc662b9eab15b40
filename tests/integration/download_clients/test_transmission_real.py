"""The Transmission adapter against a real transmission-daemon, fed by a qBittorrent seeder.

Transmission never dials loopback peers, so the libtorrent seeder must dial it: the torrent is
added to Transmission first, and given to the seeder only once Transmission has announced
(src/earmark/demo/parts/seeding.py: leech_into_transmission).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from earmark.demo.parts.daemons import QbittorrentDaemon, TransmissionDaemon
from earmark.demo.parts.polling import wait_for_item, wait_for_removal
from earmark.demo.parts.processes import sockets_of
from earmark.demo.parts.seeding import leech_into_transmission, transmission_rpc_for
from earmark.demo.parts.torrents import MadeTorrent, file_digests
from earmark.downloads.paths import PathMapping
from earmark.integrations.download_clients import MagnetLink, TorrentFile
from earmark.integrations.download_clients.transmission.client import TransmissionClient
from earmark.integrations.errors import AuthFailed
from tests.integration.download_clients.adapters import transmission_adapter

pytestmark = [pytest.mark.realparts, pytest.mark.timeout(120)]

CATEGORY = "earmark-tests"


@pytest.fixture
def transmission(
    transmission_daemon: TransmissionDaemon, http_client: httpx.Client
) -> TransmissionClient:
    return transmission_adapter(transmission_daemon, http_client)


def test_transmission_connection_test_with_right_password_reports_version(
    transmission: TransmissionClient,
) -> None:
    report = transmission.test()
    assert report.ok, report.message
    assert int(str(report.details["rpc_version"])) >= 15
    assert "Transmission" in report.message


def test_transmission_wrong_password_reports_and_raises_auth_failed(
    transmission_daemon: TransmissionDaemon, http_client: httpx.Client
) -> None:
    adapter = transmission_adapter(transmission_daemon, http_client, password="not-the-password")
    report = adapter.test()
    assert not report.ok
    assert report.details["error"] == "AuthFailed"
    with pytest.raises(AuthFailed, match="Transmission: wrong user name or password"):
        adapter.info("0" * 40)


def test_transmission_torrent_file_downloads_maps_path_and_removes_with_data(
    transmission: TransmissionClient,
    transmission_daemon: TransmissionDaemon,
    qbittorrent_seeder: QbittorrentDaemon,
    new_torrent: Callable[[], MadeTorrent],
    earmark_view: Callable[[Path], Path],
) -> None:
    made = new_torrent()
    save_dir = transmission_daemon.download_dir / "by-file"
    assert transmission.add(TorrentFile(made.data), CATEGORY, str(save_dir)) == made.info_hash
    assert transmission.add(TorrentFile(made.data), CATEGORY, str(save_dir)) == made.info_hash

    done = leech_into_transmission(
        transmission, transmission_daemon, qbittorrent_seeder, made, by_magnet=False
    )

    assert done.progress == 1.0 and done.size_bytes == 300_000
    assert done.content_path == str(save_dir / made.payload.name)
    mapping = PathMapping(
        remote=str(transmission_daemon.download_dir),
        local=str(earmark_view(transmission_daemon.download_dir)),
    )
    local = Path(mapping.to_local(done.content_path))
    assert local != Path(done.content_path)
    assert file_digests(local) == file_digests(made.payload)
    transmission.remove(made.info_hash, delete_data=True)
    wait_for_removal(transmission, made.info_hash, deleted_path=Path(done.content_path))


def test_transmission_magnet_downloads_and_removes_keeping_data(
    transmission: TransmissionClient,
    transmission_daemon: TransmissionDaemon,
    qbittorrent_seeder: QbittorrentDaemon,
    new_torrent: Callable[[], MadeTorrent],
) -> None:
    made = new_torrent()
    save_dir = transmission_daemon.download_dir / "by-magnet"
    assert transmission.add(MagnetLink(made.magnet), CATEGORY, str(save_dir)) == made.info_hash

    done = leech_into_transmission(
        transmission, transmission_daemon, qbittorrent_seeder, made, by_magnet=True
    )

    assert file_digests(Path(done.content_path)) == file_digests(made.payload)
    transmission.remove(made.info_hash, delete_data=False)
    wait_for_removal(transmission, made.info_hash)
    assert Path(done.content_path).is_dir()


def test_transmission_without_seeder_reports_stalled_at_zero_progress(
    transmission: TransmissionClient,
    transmission_daemon: TransmissionDaemon,
    new_torrent: Callable[[], MadeTorrent],
) -> None:
    orphan = new_torrent()
    info_hash = transmission.add(
        TorrentFile(orphan.data), CATEGORY, str(transmission_daemon.download_dir / "orphans")
    )

    item = wait_for_item(
        transmission, info_hash, lambda i: i.state == "stalled", timeout_seconds=30
    )

    assert item.progress == 0.0 and item.seeders_connected == 0
    transmission.remove(info_hash, delete_data=True)


def test_transmission_category_is_set_as_label_on_the_installed_rpc_version(
    transmission: TransmissionClient,
    transmission_daemon: TransmissionDaemon,
    new_torrent: Callable[[], MadeTorrent],
) -> None:
    """3.00 (RPC 16) ignores labels in torrent-add; the adapter sets them with torrent-set."""
    rpc_version = int(str(transmission.test().details["rpc_version"]))
    assert rpc_version >= 16, "labels need RPC 16 (Transmission 3.00)"
    made = new_torrent()
    by_file = transmission.add(
        TorrentFile(made.data), CATEGORY, str(transmission_daemon.download_dir)
    )
    by_magnet = transmission.add(MagnetLink(new_torrent().magnet), "second-category", None)

    assert [transmission.info(h).category for h in (by_file, by_magnet)] == [  # type: ignore[union-attr]
        CATEGORY,
        "second-category",
    ]
    raw = transmission_rpc_for(transmission_daemon).get_torrent(by_file, arguments=["labels"])
    assert raw.fields["labels"] == [CATEGORY]
    for info_hash in (by_file, by_magnet):
        transmission.remove(info_hash, delete_data=True)


def test_transmission_daemon_sockets_stay_on_loopback(
    transmission_daemon: TransmissionDaemon, qbittorrent_seeder: QbittorrentDaemon
) -> None:
    for daemon in (transmission_daemon.daemon, qbittorrent_seeder.daemon):
        assert daemon is not None
        sockets = sockets_of(daemon.pid)
        # At least its own listening ports: otherwise ss shows no process info and the check
        # below would pass without looking at anything.
        assert sockets, f"ss lists no sockets for {daemon.name} (pid {daemon.pid})"
        assert [str(s) for s in sockets if not s.on_loopback] == []
