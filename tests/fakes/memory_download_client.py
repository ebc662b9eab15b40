"""An in-memory DownloadClient a test drives by hand: progress, stall, fail, vanish, complete.

It implements earmark.integrations.download_clients.protocol.DownloadClient and answers as the
real adapters do against real daemons (tests/conformance/test_download_client_conformance.py runs
the same cases on it, qbittorrent-nox and transmission-daemon): hashes are lower-case hex, adding
a torrent already present returns its hash, an unknown hash is None for info() and fine for
remove(), a magnet is named by its `dn` (or its hash) and has no size until its metadata arrives,
content lands at save_path/name, wrong credentials raise AuthFailed on every call (test() reports
them instead), an offline client raises Unreachable. Nothing moves on its own: a torrent stays at
0 % "downloading" until the test calls progress(), stall(), fail(), vanish() or complete().
"""

from __future__ import annotations

import io
import posixpath
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TypeVar
from urllib.parse import parse_qs, urlsplit

import httpx
import torf

from earmark.core.clock import Clock, SystemClock
from earmark.integrations.download_clients.protocol import DownloadItem, DownloadState
from earmark.integrations.download_clients.sources import (
    MagnetLink,
    TorrentFile,
    TorrentSource,
    TorrentUrl,
    info_hash_of,
    resolve_source,
)
from earmark.integrations.errors import AuthFailed, IntegrationError, Unreachable
from earmark.integrations.reports import ConnectionReport

SERVICE = "Memory torrent client"
VERSION = "1.0"
DEFAULT_URL = "memory://torrents"
USERNAME = "earmark"
PASSWORD = "memory-secret"

T = TypeVar("T")


@dataclass
class _Torrent:
    info_hash: str
    name: str
    category: str
    save_path: str
    size_bytes: int
    added_at: datetime
    state: DownloadState = "downloading"
    progress: float = 0.0
    download_speed_bps: int = 0
    seeders_connected: int = 0
    completed_at: datetime | None = None
    error_message: str | None = None

    @property
    def content_path(self) -> str:
        return posixpath.join(self.save_path, self.name)


@dataclass
class _Daemon:
    """What the imaginary daemon holds; every client made with with_credentials() shares it."""

    download_dir: str
    clock: Clock
    torrents: dict[str, _Torrent] = field(default_factory=dict)
    online: bool = True


class MemoryDownloadClient:
    name = "memory"

    def __init__(
        self,
        download_dir: str = "/downloads",
        *,
        clock: Clock | None = None,
        http: httpx.Client | None = None,
        username: str = USERNAME,
        password: str = PASSWORD,
        url: str = DEFAULT_URL,
    ) -> None:
        self._daemon = _Daemon(download_dir=download_dir, clock=clock or SystemClock())
        self._http = http
        self._url = url
        self._signed_in = (username, password) == (USERNAME, PASSWORD)

    def with_credentials(self, username: str, password: str) -> MemoryDownloadClient:
        """Another adapter for the same daemon, signed in with these credentials."""
        other = MemoryDownloadClient(http=self._http, url=self._url)
        other._daemon = self._daemon
        other._signed_in = (username, password) == (USERNAME, PASSWORD)
        return other

    # --- DownloadClient ---------------------------------------------------------------------

    def add(self, source: TorrentSource, category: str, save_path: str | None) -> str:
        resolved = self._resolved(source)
        info_hash = info_hash_of(resolved)
        self._call("adding a torrent", lambda: None)
        if info_hash in self._daemon.torrents:
            return info_hash
        if isinstance(resolved, MagnetLink):
            name, size = _magnet_name(resolved.uri) or info_hash, 0
        else:
            name, size = _torrent_name_and_size(resolved)
        self._daemon.torrents[info_hash] = _Torrent(
            info_hash=info_hash,
            name=name,
            category=category,
            save_path=save_path or self._daemon.download_dir,
            size_bytes=size,
            added_at=self._now(),
        )
        return info_hash

    def info(self, info_hash: str) -> DownloadItem | None:
        torrent = self._call("reading torrents", lambda: self._find(info_hash))
        return _to_item(torrent) if torrent is not None else None

    def remove(self, info_hash: str, delete_data: bool) -> None:
        torrent = self._call(
            "removing a torrent", lambda: self._daemon.torrents.pop(info_hash.lower(), None)
        )
        if torrent is not None and delete_data:
            _delete(Path(torrent.content_path))

    def ensure_category(self, name: str, save_path: str | None) -> None:
        """Categories exist once used, as Transmission's labels do; the call still signs in."""
        self._call("reading categories", lambda: None)

    def test(self) -> ConnectionReport:
        try:
            self._call("checking the connection", lambda: None)
        except IntegrationError as exc:
            return ConnectionReport(ok=False, message=str(exc), details={"error": exc.code})
        return ConnectionReport(
            ok=True, message=f"Connected to {SERVICE} {VERSION}", details={"version": VERSION}
        )

    # --- what a test drives ------------------------------------------------------------------

    def progress(self, info_hash: str, fraction: float, *, speed_bps: int = 100_000) -> None:
        """Data flows from one seeder; `fraction` of the payload (0..1, below 1) has arrived."""
        torrent = self._known(info_hash)
        torrent.state, torrent.progress = "downloading", min(fraction, 0.999)
        torrent.download_speed_bps, torrent.seeders_connected = speed_bps, 1

    def stall(self, info_hash: str) -> None:
        """No peer sends anything any more; progress stays where it was."""
        torrent = self._known(info_hash)
        torrent.state, torrent.download_speed_bps, torrent.seeders_connected = "stalled", 0, 0

    def fail(self, info_hash: str, message: str) -> None:
        """The client reports an error for the torrent (disk full, files gone...)."""
        torrent = self._known(info_hash)
        torrent.state, torrent.error_message = "error", message
        torrent.download_speed_bps, torrent.seeders_connected = 0, 0

    def vanish(self, info_hash: str) -> None:
        """Someone removed the torrent in the client's own UI: it is no longer listed."""
        del self._daemon.torrents[self._known(info_hash).info_hash]

    def complete(
        self,
        info_hash: str,
        files: Mapping[str, bytes] | None = None,
        *,
        name: str | None = None,
    ) -> DownloadItem:
        """The download finishes and seeds. `files` (relative path → bytes) are written under
        the content path as a real client would; `name` is what a magnet's metadata names it."""
        torrent = self._known(info_hash)
        torrent.name = name or torrent.name
        if files is not None:
            _write_payload(Path(torrent.content_path), files)
            torrent.size_bytes = sum(len(data) for data in files.values())
        torrent.state, torrent.progress, torrent.completed_at = "seeding", 1.0, self._now()
        torrent.download_speed_bps, torrent.error_message = 0, None
        return _to_item(torrent)

    def go_offline(self) -> None:
        self._daemon.online = False

    def come_back(self) -> None:
        self._daemon.online = True

    # --- internals ---------------------------------------------------------------------------

    def _resolved(self, source: TorrentSource) -> MagnetLink | TorrentFile:
        if not isinstance(source, TorrentUrl):
            return source
        if self._http is None:
            raise AssertionError("give MemoryDownloadClient an http client to fetch torrent URLs")
        return resolve_source(self._http, source)

    def _call(self, action: str, call: Callable[[], T]) -> T:
        if not self._daemon.online:
            raise self._unreachable(action)
        if not self._signed_in:
            raise _auth_failed()
        return call()

    def _unreachable(self, action: str) -> Unreachable:
        return Unreachable(SERVICE, f"cannot reach {self._url} while {action}; is it running?")

    def _find(self, info_hash: str) -> _Torrent | None:
        return self._daemon.torrents.get(info_hash.lower())

    def _known(self, info_hash: str) -> _Torrent:
        torrent = self._find(info_hash)
        if torrent is None:
            raise KeyError(f"the memory client has no torrent {info_hash}")
        return torrent

    def _now(self) -> datetime:
        return self._daemon.clock.now().replace(microsecond=0)  # clients report whole seconds


def _auth_failed() -> AuthFailed:
    return AuthFailed(SERVICE, "wrong user name or password")


def _magnet_name(uri: str) -> str | None:
    names = parse_qs(urlsplit(uri).query).get("dn")
    return names[0] if names else None


def _torrent_name_and_size(source: TorrentFile) -> tuple[str, int]:
    torrent = torf.Torrent.read_stream(io.BytesIO(source.data), validate=False)
    return str(torrent.name), int(torrent.size)


def _write_payload(root: Path, files: Mapping[str, bytes]) -> None:
    for relative, data in files.items():
        target = root / relative if relative else root
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _delete(content: Path) -> None:
    if content.is_dir():
        shutil.rmtree(content)
    elif content.exists():
        content.unlink()


def _to_item(torrent: _Torrent) -> DownloadItem:
    downloaded = int(torrent.size_bytes * torrent.progress)
    remaining = torrent.size_bytes - downloaded
    flowing = torrent.state == "downloading" and torrent.download_speed_bps > 0
    return DownloadItem(
        info_hash=torrent.info_hash,
        name=torrent.name,
        state=torrent.state,
        progress=torrent.progress,
        download_speed_bps=torrent.download_speed_bps,
        eta_seconds=remaining // torrent.download_speed_bps if flowing else None,
        seeders_connected=torrent.seeders_connected,
        seeders_available=torrent.seeders_connected,
        size_bytes=torrent.size_bytes,
        downloaded_bytes=downloaded,
        ratio=0.0,
        seeding_time_seconds=0,
        content_path=torrent.content_path,
        save_path=torrent.save_path,
        added_at=torrent.added_at,
        completed_at=torrent.completed_at,
        category=torrent.category or None,
        error_message=torrent.error_message,
    )
