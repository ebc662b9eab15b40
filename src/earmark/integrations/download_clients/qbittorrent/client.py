"""DownloadClient for qBittorrent: re-login on expired sessions, duplicates and magnets handled."""

from __future__ import annotations

import dataclasses
import posixpath
import time
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import httpx
import qbittorrentapi

from earmark.integrations.download_clients.protocol import DownloadItem, timestamp_or_none
from earmark.integrations.download_clients.qbittorrent.add_answer import (
    AddAnswer,
    read_add_answer,
)
from earmark.integrations.download_clients.qbittorrent.settings import QbittorrentSettings
from earmark.integrations.download_clients.qbittorrent.states import map_state
from earmark.integrations.download_clients.sources import (
    MagnetLink,
    TorrentSource,
    info_hash_of,
    resolve_source,
)
from earmark.integrations.errors import ApiChanged, AuthFailed, IntegrationError, Unreachable
from earmark.integrations.reports import ConnectionReport

SERVICE = "qBittorrent"
EARMARK_TAG = "earmark"
# Magnets are added stopped at "metadata received" and started by the next info() call: when
# qBittorrent 4.5 reloads a torrent on metadata, the new peer connection races the old one and
# libtorrent can back off for 60 s; starting after the reload avoids that (lab-measured).
AWAITING_METADATA_TAG = "earmark-awaiting-metadata"
_NO_ETA = 8_640_000
LISTING_TIMEOUT_SECONDS = 10.0
REFUSED_LISTING_WAIT_SECONDS = 2.0

_ERROR_MESSAGES = {
    "error": "qBittorrent reports an error for this torrent (see its log)",
    "missing_files": "qBittorrent cannot find this torrent's files on disk",
}

T = TypeVar("T")


class QbittorrentClient:
    name = "qbittorrent"

    def __init__(self, settings: QbittorrentSettings, http: httpx.Client) -> None:
        self._settings = settings
        self._http = http
        self._api = qbittorrentapi.Client(
            host=settings.url,
            username=settings.username or None,
            password=settings.password.get_secret_value() or None,
            REQUESTS_ARGS={"timeout": (5.0, settings.timeout_seconds)},
            VERIFY_WEBUI_CERTIFICATE=settings.verify_tls,
            DISABLE_LOGGING_DEBUG_OUTPUT=True,
        )

    def add(self, source: TorrentSource, category: str, save_path: str | None) -> str:
        resolved = resolve_source(self._http, source)
        info_hash = info_hash_of(resolved)
        if self._raw_info(info_hash) is not None:
            return info_hash
        options: dict[str, Any] = {
            "category": category,
            "tags": [EARMARK_TAG],
            # Earmark's cleanup job owns the seeding lifecycle, not qBittorrent's share limits.
            "ratio_limit": -1,
            "seeding_time_limit": -1,
        }
        if save_path:
            options.update(save_path=save_path, use_auto_torrent_management=False)
        if isinstance(resolved, MagnetLink):
            options.update(
                urls=resolved.uri,
                stop_condition="MetadataReceived",
                tags=[EARMARK_TAG, AWAITING_METADATA_TAG],
            )
        else:
            options["torrent_files"] = {f"{info_hash}.torrent": resolved.data}
        answer = self._call("adding a torrent", lambda: self._add_tolerating_duplicate(options))
        if not answer.accepted:
            # A refusal is usually a duplicate that another add (or worker) has just made.
            if not self._listed_within(info_hash, REFUSED_LISTING_WAIT_SECONDS):
                raise ApiChanged(SERVICE, f"the torrent was refused ({answer.description})")
        elif not self._listed_within(info_hash, LISTING_TIMEOUT_SECONDS):
            raise ApiChanged(
                SERVICE,
                f"the torrent was accepted but is not listed after {LISTING_TIMEOUT_SECONDS} s",
            )
        return info_hash

    def _listed_within(self, info_hash: str, seconds: float) -> bool:
        """qBittorrent accepts a torrent before it lists it; callers expect info() to work."""
        deadline = time.monotonic() + seconds
        while self._raw_info(info_hash) is None:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.1)
        return True

    def _add_tolerating_duplicate(self, options: Mapping[str, Any]) -> AddAnswer:
        """The add's verdict; a 409 (5.2+: every torrent failed, e.g. a duplicate) is a refusal."""
        try:
            raw: object = self._api.torrents_add(**options)
        except qbittorrentapi.Conflict409Error as conflict:
            raw = _json_or_text(conflict.response)
            verdict = read_add_answer(raw)
            return AddAnswer(False, verdict.description if verdict else "HTTP 409")
        verdict = read_add_answer(raw)
        if verdict is None:
            raise ApiChanged(SERVICE, f"unexpected answer to adding a torrent: {str(raw)[:200]}")
        return verdict

    def info(self, info_hash: str) -> DownloadItem | None:
        raw = self._raw_info(info_hash)
        if raw is None:
            return None
        item = _to_item(raw)
        if self._start_after_metadata(raw, item):
            return dataclasses.replace(item, state="downloading")
        return item

    def _start_after_metadata(self, raw: Mapping[str, Any], item: DownloadItem) -> bool:
        has_metadata = int(raw.get("total_size", -1)) > 0
        if AWAITING_METADATA_TAG not in _tags(raw) or item.state != "paused" or not has_metadata:
            return False
        hashes = item.info_hash
        self._call(
            "starting a torrent",
            lambda: self._api.torrents_remove_tags(
                tags=AWAITING_METADATA_TAG, torrent_hashes=hashes
            ),
        )
        self._call("starting a torrent", lambda: self._api.torrents_resume(torrent_hashes=hashes))
        return True

    def _raw_info(self, info_hash: str) -> Mapping[str, Any] | None:
        wanted = info_hash.lower()
        rows = self._call(
            "reading torrents", lambda: self._api.torrents_info(torrent_hashes=wanted)
        )
        # Some qBittorrent-compatible servers ignore the filter: match the hash ourselves.
        return next((row for row in rows if str(row.get("hash", "")).lower() == wanted), None)

    def remove(self, info_hash: str, delete_data: bool) -> None:
        self._call(
            "removing a torrent",
            lambda: self._api.torrents_delete(
                delete_files=delete_data, torrent_hashes=info_hash.lower()
            ),
        )

    def ensure_category(self, name: str, save_path: str | None) -> None:
        categories = self._call("reading categories", self._api.torrents_categories)
        existing = categories.get(name)
        try:
            if existing is None:
                self._call(
                    "creating a category",
                    lambda: self._api.torrents_create_category(
                        name=name, save_path=save_path or ""
                    ),
                )
            elif save_path and _category_save_path(existing) != save_path:
                self._call(
                    "updating a category",
                    lambda: self._api.torrents_edit_category(name=name, save_path=save_path),
                )
        except qbittorrentapi.Conflict409Error:
            return  # created meanwhile by another worker: nothing left to do

    def test(self) -> ConnectionReport:
        try:
            version = self._call("checking the connection", self._api.app_version)
            api_version = self._call("checking the connection", self._api.app_web_api_version)
        except IntegrationError as exc:
            return ConnectionReport(ok=False, message=str(exc), details={"error": exc.code})
        return ConnectionReport(
            ok=True,
            message=f"Connected to qBittorrent {version} (Web API {api_version})",
            details={"version": str(version), "api_version": str(api_version)},
        )

    def _call(self, action: str, call: Callable[[], T]) -> T:
        """Run one API call; a refused session (e.g. after a restart) re-logs in once."""
        try:
            try:
                return call()
            except (qbittorrentapi.Unauthorized401Error, qbittorrentapi.Forbidden403Error):
                self._api.auth_log_in()
                return call()
        except qbittorrentapi.Conflict409Error:
            raise
        except qbittorrentapi.LoginFailed as exc:
            raise AuthFailed(SERVICE, "wrong user name or password for the Web UI") from exc
        except (qbittorrentapi.Unauthorized401Error, qbittorrentapi.Forbidden403Error) as exc:
            raise AuthFailed(SERVICE, _refused_message(exc)) from exc
        except qbittorrentapi.HTTP5XXError as exc:
            raise Unreachable(SERVICE, f"server error while {action}; will retry") from exc
        except qbittorrentapi.HTTPError as exc:
            raise ApiChanged(SERVICE, f"unexpected answer while {action}: {exc}") from exc
        except qbittorrentapi.APIConnectionError as exc:
            raise Unreachable(
                SERVICE, f"cannot reach {self._settings.url} while {action}; is it running?"
            ) from exc
        except qbittorrentapi.APIError as exc:
            raise ApiChanged(SERVICE, f"unexpected failure while {action}: {exc}") from exc


def _json_or_text(response: Any) -> object:
    """A failed request's body: JSON when it parses (qBittorrent 5.2+), else its text."""
    if response is None:
        return ""
    try:
        return response.json()
    except ValueError:
        return str(response.text)


def _refused_message(exc: qbittorrentapi.HTTPError) -> str:
    text = str(exc).strip()
    if "banned" in text.lower():
        return "qBittorrent has banned Earmark's address after failed logins; restart it or wait"
    return "access refused even after logging in again; check the user name and password"


def _category_save_path(category: object) -> str | None:
    return str(category.get("savePath", "")) if isinstance(category, Mapping) else None


def _tags(raw: Mapping[str, Any]) -> set[str]:
    return {tag.strip() for tag in str(raw.get("tags", "")).split(",") if tag.strip()}


def _to_item(raw: Mapping[str, Any]) -> DownloadItem:
    save_path = str(raw.get("save_path", ""))
    name = str(raw.get("name", ""))
    # content_path is right for single-file torrents and renamed roots; save_path/name is not.
    content_path = str(raw.get("content_path") or posixpath.join(save_path, name))
    eta = int(raw.get("eta", _NO_ETA))
    state = map_state(str(raw.get("state", "")))
    return DownloadItem(
        info_hash=str(raw["hash"]).lower(),
        name=name,
        state=state,
        progress=min(1.0, max(0.0, float(raw.get("progress", 0.0)))),
        download_speed_bps=int(raw.get("dlspeed", 0)),
        eta_seconds=eta if 0 <= eta < _NO_ETA else None,
        seeders_connected=int(raw.get("num_seeds", 0)),
        seeders_available=max(0, int(raw.get("num_complete", 0))),
        size_bytes=max(0, int(raw.get("size", 0))),
        downloaded_bytes=max(0, int(raw.get("completed", 0))),
        ratio=float(raw.get("ratio", 0.0)),
        seeding_time_seconds=int(raw.get("seeding_time", 0)),
        content_path=content_path,
        save_path=save_path,
        added_at=timestamp_or_none(raw.get("added_on")),
        completed_at=timestamp_or_none(raw.get("completion_on")),
        category=str(raw.get("category") or "") or None,
        error_message=_ERROR_MESSAGES.get(state),
    )
