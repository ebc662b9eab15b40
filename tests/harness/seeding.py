"""Seeding a made torrent from a real daemon, honouring the loopback quirks of each client."""

from __future__ import annotations

import time

import qbittorrentapi
import transmission_rpc

from tests.harness.daemons import QbittorrentDaemon, TransmissionDaemon
from tests.harness.torrents import MadeTorrent

_QBT_SEEDING_STATES = {"uploading", "stalledUP", "queuedUP", "forcedUP"}


def transmission_rpc_for(daemon: TransmissionDaemon) -> transmission_rpc.Client:
    return transmission_rpc.Client(
        host="127.0.0.1",
        port=daemon.rpc_port,
        username=daemon.username,
        password=daemon.password,
        timeout=10,
    )


def qbittorrent_api_for(daemon: QbittorrentDaemon) -> qbittorrentapi.Client:
    api = qbittorrentapi.Client(
        host=daemon.url,
        username=daemon.username,
        password=daemon.password,
        REQUESTS_ARGS={"timeout": 10},
    )
    api.auth_log_in()
    return api


def seed_with_transmission(
    rpc: transmission_rpc.Client, torrent: MadeTorrent, timeout_seconds: float = 30.0
) -> None:
    """Seed, and return only once the tracker lists this seeder.

    Transmission never dials 127.x peers, so a leecher must announce AFTER the seeder is
    registered, or it waits for the next announce (about 30 minutes with opentracker).
    """
    rpc.add_torrent(torrent.data, download_dir=str(torrent.payload_parent))
    deadline = time.monotonic() + timeout_seconds
    while True:
        seeded = rpc.get_torrent(torrent.info_hash)
        stats = seeded.tracker_stats[0] if seeded.tracker_stats else None
        listed = stats is not None and stats.last_announce_succeeded and stats.seeder_count >= 1
        if seeded.status == "seeding" and listed:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"Transmission did not seed and announce {torrent.info_hash}")
        time.sleep(0.2)


def wait_announced_by_transmission(
    rpc: transmission_rpc.Client, info_hash: str, timeout_seconds: float = 30.0
) -> None:
    """A Transmission leecher must be known to the tracker before a seeder is started."""
    deadline = time.monotonic() + timeout_seconds
    while True:
        leeching = rpc.get_torrent(info_hash)
        if leeching.tracker_stats and leeching.tracker_stats[0].last_announce_succeeded:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"Transmission never announced {info_hash}")
        time.sleep(0.2)


def seed_with_qbittorrent(
    api: qbittorrentapi.Client, torrent: MadeTorrent, timeout_seconds: float = 30.0
) -> None:
    """Seed from libtorrent, which (unlike Transmission) dials the loopback peers it is given."""
    api.torrents_add(
        torrent_files={f"{torrent.info_hash}.torrent": torrent.data},
        save_path=str(torrent.payload_parent),
        use_auto_torrent_management=False,
    )
    deadline = time.monotonic() + timeout_seconds
    while True:
        rows = api.torrents_info(torrent_hashes=torrent.info_hash)
        if rows and rows[0].state in _QBT_SEEDING_STATES:
            return
        if time.monotonic() > deadline:
            state = rows[0].state if rows else "absent"
            raise TimeoutError(f"qBittorrent did not seed {torrent.info_hash} (state {state})")
        time.sleep(0.2)


def reseed_with_qbittorrent(api: qbittorrentapi.Client, torrent: MadeTorrent) -> None:
    """Forget and re-add a seed: a fresh peer list makes libtorrent dial at once instead of
    waiting its 60 s reconnect back-off after a leecher dropped the connection."""
    api.torrents_delete(delete_files=False, torrent_hashes=torrent.info_hash)
    deadline = time.monotonic() + 10
    while api.torrents_info(torrent_hashes=torrent.info_hash):
        if time.monotonic() > deadline:
            raise TimeoutError(f"qBittorrent did not remove {torrent.info_hash}")
        time.sleep(0.1)
    time.sleep(1)  # libtorrent tears the old torrent down after the Web API stops listing it
    seed_with_qbittorrent(api, torrent)
