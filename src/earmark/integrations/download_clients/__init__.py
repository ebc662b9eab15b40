"""Torrent download clients behind one protocol: add, inspect, remove, test."""

from earmark.integrations.download_clients.protocol import (
    FINISHED_STATES,
    DownloadClient,
    DownloadItem,
    DownloadState,
)
from earmark.integrations.download_clients.sources import (
    MagnetLink,
    TorrentFile,
    TorrentSource,
    TorrentUrl,
    info_hash_from_magnet,
    info_hash_from_torrent,
)

__all__ = [
    "FINISHED_STATES",
    "DownloadClient",
    "DownloadItem",
    "DownloadState",
    "MagnetLink",
    "TorrentFile",
    "TorrentSource",
    "TorrentUrl",
    "info_hash_from_magnet",
    "info_hash_from_torrent",
]
