"""DownloadClient for Transmission: labels stand in for categories, the session id is the SDK's job."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit

import httpx
import transmission_rpc

from earmark.integrations.download_clients.protocol import DownloadItem, timestamp_or_none
from earmark.integrations.download_clients.sources import (
    MagnetLink,
    TorrentSource,
    info_hash_of,
    resolve_source,
)
from earmark.integrations.download_clients.transmission.settings import TransmissionSettings
from earmark.integrations.download_clients.transmission.states import (
    TransmissionStatus,
    map_state,
)
from earmark.integrations.errors import ApiChanged, AuthFailed, IntegrationError, Unreachable
from earmark.integrations.reports import ConnectionReport

SERVICE = "Transmission"
# Labels exist from RPC 16 (Transmission 3.00), set with torrent-set; torrent-add takes them
# only from RPC 17 (4.0). Older daemons have no labels at all.
LABELS_RPC_VERSION = 16
LABELS_ON_ADD_RPC_VERSION = 17
DEFAULT_RPC_PATH = "/transmission/rpc"
FIELDS = (
    "id", "hashString", "name", "status", "error", "errorString", "percentDone", "rateDownload",
    "eta", "peersSendingToUs", "trackerStats", "sizeWhenDone", "haveValid", "uploadRatio",
    "secondsSeeding", "downloadDir", "addedDate", "doneDate", "labels",
)  # fmt: skip

# The SDK logs request headers (including Basic credentials) at debug level: keep it quiet.
_SDK_LOGGER = logging.getLogger("earmark.integrations.transmission_rpc")
_SDK_LOGGER.setLevel(logging.WARNING)

T = TypeVar("T")


class TransmissionClient:
    name = "transmission"

    def __init__(self, settings: TransmissionSettings, http: httpx.Client) -> None:
        self._settings = settings
        self._http = http
        self._rpc: transmission_rpc.Client | None = None
        self._rpc_version = 0  # read from the daemon on connecting

    def add(self, source: TorrentSource, category: str, save_path: str | None) -> str:
        resolved = resolve_source(self._http, source)
        info_hash = info_hash_of(resolved)
        payload: str | bytes = resolved.uri if isinstance(resolved, MagnetLink) else resolved.data

        def add_torrent() -> None:
            rpc = self._connected()
            labels = [category]
            on_add = self._rpc_version >= LABELS_ON_ADD_RPC_VERSION
            # A torrent that is already there comes back as "torrent-duplicate": not an error.
            rpc.add_torrent(payload, download_dir=save_path, labels=labels if on_add else None)
            if not on_add and self._rpc_version >= LABELS_RPC_VERSION:
                rpc.change_torrent(info_hash, labels=labels)

        self._call("adding a torrent", add_torrent)
        return info_hash

    def info(self, info_hash: str) -> DownloadItem | None:
        wanted = info_hash.lower()
        torrents = self._call(
            "reading torrents",
            lambda: self._connected().get_torrents(ids=[wanted], arguments=list(FIELDS)),
        )
        match = next(
            (t for t in torrents if t.fields.get("hashString", "").lower() == wanted), None
        )
        return _to_item(match.fields) if match is not None else None

    def remove(self, info_hash: str, delete_data: bool) -> None:
        self._call(
            "removing a torrent",
            lambda: self._connected().remove_torrent(info_hash.lower(), delete_data=delete_data),
        )

    def ensure_category(self, name: str, save_path: str | None) -> None:
        """Transmission labels carry no save path and exist once used: nothing to prepare."""

    def test(self) -> ConnectionReport:
        try:
            session = self._call("checking the connection", lambda: self._connected().get_session())
        except IntegrationError as exc:
            return ConnectionReport(ok=False, message=str(exc), details={"error": exc.code})
        return ConnectionReport(
            ok=True,
            message=f"Connected to Transmission {session.version} (RPC {session.rpc_version})",
            details={"version": str(session.version), "rpc_version": int(session.rpc_version)},
        )

    def _connected(self) -> transmission_rpc.Client:
        if self._rpc is None:
            parts = urlsplit(self._settings.url)
            scheme: Literal["http", "https"] = "https" if parts.scheme == "https" else "http"
            rpc = transmission_rpc.Client(
                protocol=scheme,
                host=parts.hostname or "127.0.0.1",
                port=parts.port or (443 if scheme == "https" else 9091),
                path=parts.path if parts.path not in ("", "/") else DEFAULT_RPC_PATH,
                username=self._settings.username or None,
                password=self._settings.password.get_secret_value() or None,
                timeout=self._settings.timeout_seconds,
                logger=_SDK_LOGGER,
            )
            # Labels stand in for categories; how to set them depends on the RPC version.
            self._rpc_version = rpc.get_session().rpc_version
            self._rpc = rpc
        return self._rpc

    def _call(self, action: str, call: Callable[[], T]) -> T:
        try:
            return call()
        except transmission_rpc.TransmissionAuthError as exc:
            raise AuthFailed(SERVICE, "wrong user name or password for the RPC interface") from exc
        except transmission_rpc.TransmissionConnectError as exc:
            raise Unreachable(
                SERVICE, f"cannot reach {self._settings.url} while {action}; is it running?"
            ) from exc
        except transmission_rpc.TransmissionError as exc:
            raise ApiChanged(SERVICE, f"unexpected answer while {action}: {exc.message}") from exc


def _content_path(download_dir: str, name: str) -> str:
    separator = "\\" if "\\" in download_dir else "/"
    return download_dir.rstrip("/\\") + separator + name


def _seeders_available(fields: Mapping[str, Any]) -> int:
    counts = [int(stat.get("seederCount", 0)) for stat in fields.get("trackerStats") or []]
    return max([0, *counts])


def _to_item(fields: Mapping[str, Any]) -> DownloadItem:
    observed = TransmissionStatus(
        status=int(fields.get("status", 0)),
        error=int(fields.get("error", 0)),
        error_text=str(fields.get("errorString", "")),
        percent_done=float(fields.get("percentDone", 0.0)),
        download_rate_bps=int(fields.get("rateDownload", 0)),
        peers_sending=int(fields.get("peersSendingToUs", 0)),
    )
    eta = int(fields.get("eta", -1))
    labels = list(fields.get("labels") or [])
    download_dir = str(fields.get("downloadDir", ""))
    return DownloadItem(
        info_hash=str(fields["hashString"]).lower(),
        name=str(fields.get("name", "")),
        state=map_state(observed),
        progress=min(1.0, max(0.0, observed.percent_done)),
        download_speed_bps=observed.download_rate_bps,
        eta_seconds=eta if eta >= 0 else None,
        seeders_connected=observed.peers_sending,
        seeders_available=_seeders_available(fields),
        size_bytes=int(fields.get("sizeWhenDone", 0)),
        downloaded_bytes=int(fields.get("haveValid", 0)),
        ratio=max(0.0, float(fields.get("uploadRatio", 0.0))),
        seeding_time_seconds=int(fields.get("secondsSeeding", 0)),
        content_path=_content_path(download_dir, str(fields.get("name", ""))),
        save_path=download_dir,
        added_at=timestamp_or_none(fields.get("addedDate")),
        completed_at=timestamp_or_none(fields.get("doneDate")),
        category=str(labels[0]) if labels else None,
        error_message=observed.error_text or None,
    )
