"""Seeding a made torrent from a real daemon, honouring the loopback quirks of each client."""

from __future__ import annotations

import time

import qbittorrentapi
import transmission_rpc

from earmark.demo.parts.daemons import QbittorrentDaemon, TransmissionDaemon
from earmark.demo.parts.polling import wait_for_item, wait_until
from earmark.demo.parts.torrents import MadeTorrent
from earmark.integrations.download_clients import DownloadClient, DownloadItem

_QBT_SEEDING_STATES = {"uploading", "stalledUP", "queuedUP", "forcedUP"}
NO_PEER_GRACE_SECONDS = 3.0


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

    def seeding_and_listed() -> bool:
        seeded = rpc.get_torrent(torrent.info_hash)
        stats = seeded.tracker_stats[0] if seeded.tracker_stats else None
        listed = stats is not None and stats.last_announce_succeeded and stats.seeder_count >= 1
        return seeded.status == "seeding" and listed

    wait_until(
        seeding_and_listed,
        timeout_seconds,
        f"Transmission did not seed and announce {torrent.info_hash}",
    )


def wait_announced_by_transmission(
    rpc: transmission_rpc.Client, info_hash: str, timeout_seconds: float = 30.0
) -> None:
    """A Transmission leecher must be known to the tracker before a seeder is started."""

    def announced() -> bool:
        stats = rpc.get_torrent(info_hash).tracker_stats
        return bool(stats) and stats[0].last_announce_succeeded

    wait_until(announced, timeout_seconds, f"Transmission never announced {info_hash}")


def seed_with_qbittorrent(
    api: qbittorrentapi.Client, torrent: MadeTorrent, timeout_seconds: float = 30.0
) -> None:
    """Seed from libtorrent, which (unlike Transmission) dials the loopback peers it is given."""
    api.torrents_add(
        torrent_files={f"{torrent.info_hash}.torrent": torrent.data},
        save_path=str(torrent.payload_parent),
        use_auto_torrent_management=False,
    )
    states: list[str] = []

    def seeding() -> bool:
        rows = api.torrents_info(torrent_hashes=torrent.info_hash)
        states[:] = [str(rows[0].state) if rows else "absent"]
        return states[0] in _QBT_SEEDING_STATES

    wait_until(
        seeding,
        timeout_seconds,
        lambda: f"qBittorrent did not seed {torrent.info_hash} (state {states[-1]})",
    )


def reseed_with_qbittorrent(api: qbittorrentapi.Client, torrent: MadeTorrent) -> None:
    """Forget and re-add a seed: a fresh peer list makes libtorrent dial at once instead of
    waiting its 60 s reconnect back-off after a leecher dropped the connection."""
    api.torrents_delete(delete_files=False, torrent_hashes=torrent.info_hash)
    wait_removed_from_qbittorrent(api, torrent.info_hash)
    time.sleep(1)  # libtorrent tears the old torrent down after the Web API stops listing it
    seed_with_qbittorrent(api, torrent)


def wait_removed_from_qbittorrent(
    api: qbittorrentapi.Client, info_hash: str, timeout_seconds: float = 10.0
) -> None:
    """qBittorrent removes torrents asynchronously: wait until its Web API stops listing one."""
    wait_until(
        lambda: not api.torrents_info(torrent_hashes=info_hash),
        timeout_seconds,
        f"qBittorrent did not remove {info_hash} within {timeout_seconds} s",
        interval=0.1,
    )


def leech_into_transmission(
    transmission: DownloadClient,
    transmission_daemon: TransmissionDaemon,
    qbittorrent_seeder: QbittorrentDaemon,
    made: MadeTorrent,
    by_magnet: bool,
) -> DownloadItem:
    """Finish a torrent already added to Transmission: wait for its announce, then start the
    seeder so that it dials Transmission (Transmission never dials loopback peers).

    After a magnet's metadata arrives Transmission drops the connection and libtorrent would
    wait 60 s before dialling again; re-seeding (a fresh peer list) makes it dial at once.
    """
    wait_announced_by_transmission(transmission_rpc_for(transmission_daemon), made.info_hash)
    seeder = qbittorrent_api_for(qbittorrent_seeder)
    seed_with_qbittorrent(seeder, made)
    quiet_since = [time.monotonic()]
    reseeded: list[bool] = []

    def reseed_once_when_dropped(item: DownloadItem) -> None:
        # Once only: repeated re-seeding kept the link down for a minute in measurements.
        dropped = item.size_bytes > 0 and item.seeders_connected == 0 and item.progress < 1.0
        if not dropped:
            quiet_since[0] = time.monotonic()
        elif not reseeded and time.monotonic() - quiet_since[0] > NO_PEER_GRACE_SECONDS:
            reseed_with_qbittorrent(seeder, made)
            reseeded.append(True)

    on_poll = reseed_once_when_dropped if by_magnet else None
    return wait_for_item(transmission, made.info_hash, lambda i: i.is_finished, 90, on_poll=on_poll)
