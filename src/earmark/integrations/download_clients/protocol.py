"""The download-client protocols (torrent and usenet) and the DownloadItem every adapter returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

from earmark.integrations.download_clients.nzb import NzbSource
from earmark.integrations.download_clients.sources import TorrentSource
from earmark.integrations.reports import ConnectionReport

DownloadState = Literal[
    "queued",
    "downloading",
    "stalled",
    "paused",
    "checking",
    "completed",
    "seeding",
    "error",
    "missing_files",
]

FINISHED_STATES: frozenset[DownloadState] = frozenset({"completed", "seeding"})


def timestamp_or_none(value: Any) -> datetime | None:
    """A client's Unix-seconds timestamp in UTC; missing, zero or negative (never) is None."""
    seconds = int(value or 0)
    return datetime.fromtimestamp(seconds, UTC) if seconds > 0 else None


@dataclass(frozen=True)
class DownloadItem:
    """One download as a client reports it; paths are as the CLIENT sees them (map before use).

    For a usenet job `info_hash` is the client's job id and the seeding fields stay zero.
    """

    info_hash: str
    name: str
    state: DownloadState
    progress: float
    download_speed_bps: int
    eta_seconds: int | None
    seeders_connected: int
    seeders_available: int
    size_bytes: int
    downloaded_bytes: int
    ratio: float
    seeding_time_seconds: int
    content_path: str
    save_path: str
    added_at: datetime | None
    completed_at: datetime | None
    category: str | None = None
    error_message: str | None = None

    @property
    def is_finished(self) -> bool:
        """The payload is complete on disk (seeding or stopped after completion)."""
        return self.state in FINISHED_STATES


class HeldDownloads(Protocol):
    """What monitoring and removal need from any client, torrent or usenet."""

    name: str

    def info(self, info_hash: str) -> DownloadItem | None:
        """The download's current state, or None when the client does not know it."""
        ...

    def remove(self, info_hash: str, delete_data: bool) -> None:
        """Remove the download (and its files when asked); removing an unknown id is fine."""
        ...

    def ensure_category(self, name: str, save_path: str | None) -> None:
        """Create the category (or label) or update its save path."""
        ...

    def test(self) -> ConnectionReport:
        """Log in and describe the client; never raises for integration failures."""
        ...


class DownloadClient(HeldDownloads, Protocol):
    """A torrent client Earmark drives; torrents are identified by lower-case hex info-hash."""

    def add(self, source: TorrentSource, category: str, save_path: str | None) -> str:
        """Add the torrent (adding one already present is fine); returns its info-hash."""
        ...


class UsenetClient(HeldDownloads, Protocol):
    """A usenet client (SABnzbd, NZBGet); jobs are identified by the client's job id."""

    def add(self, source: NzbSource, category: str, save_path: str | None) -> str:
        """Queue the NZB under `category` (the category decides the folder); returns the job id."""
        ...
