"""DownloadClient for Deluge 2 through deluge-web's JSON-RPC (`POST <url>/json`).

deluge-web signs in with its own password (`auth.login`, a session cookie that expires after an
hour idle: re-login once) and forwards `core.*`, `label.*` and `daemon.*` calls to the daemon it
is connected to. When it is connected to none, the adapter connects it to the first daemon of its
Connection Manager that is online, as the Web UI's own dialog would.

Categories are labels of Deluge's Label plugin, which ships with Deluge: the adapter enables it
when it is off. Without it (removed from the install), torrents without a save path go to a
sub-folder named after the category in Deluge's download folder.
"""

from __future__ import annotations

import base64
import itertools
import posixpath
import re
import threading
import time
from collections.abc import Mapping
from typing import Any

import httpx

from earmark.integrations.download_clients.deluge.settings import DelugeSettings
from earmark.integrations.download_clients.deluge.states import DelugeStatus, map_state
from earmark.integrations.download_clients.protocol import DownloadItem, timestamp_or_none
from earmark.integrations.download_clients.sources import (
    MagnetLink,
    TorrentSource,
    info_hash_of,
    resolve_source,
)
from earmark.integrations.errors import ApiChanged, AuthFailed, IntegrationError, Unreachable
from earmark.integrations.http import USER_AGENT, deliver
from earmark.integrations.reports import ConnectionReport

SERVICE = "Deluge"
NOT_AUTHENTICATED = 1  # deluge-web's error code for a missing or expired session
LABEL_PLUGIN = "Label"
LABEL_METHODS_WAIT_SECONDS = 5.0
_LABEL_INVALID = re.compile(r"[^a-z0-9_.-]+")
_ONLINE = ("Online", "Connected")
_UNKNOWN_TORRENT = "not in session"
_DUPLICATE = "already in session"
FIELDS = (
    "hash", "name", "state", "message", "progress", "is_finished", "download_payload_rate",
    "eta", "num_seeds", "total_seeds", "total_wanted", "total_done", "ratio", "seeding_time",
    "save_path", "time_added", "completed_time", "label",
)  # fmt: skip
NOT_DELUGE = "this address does not answer like Deluge's Web UI; use the Web UI's URL"


class DelugeError(Exception):
    """An error object in a JSON-RPC answer (the daemon's exception text in `message`)."""

    def __init__(self, method: str, message: str, code: int) -> None:
        super().__init__(f"{method}: {message}")
        self.message = message
        self.code = code


def json_endpoint(url: str) -> str:
    """The JSON-RPC address for the Web UI's URL (a reverse-proxy path prefix is kept)."""
    base = url.rstrip("/")
    return base if base.endswith("/json") else f"{base}/json"


def label_for(category: str) -> str:
    """Deluge labels are lower case letters, digits, '_', '-' and '.' only."""
    return _LABEL_INVALID.sub("-", category.lower()).strip("-") or "earmark"


class DelugeClient:
    name = "deluge"

    def __init__(self, settings: DelugeSettings, http: httpx.Client) -> None:
        self._settings = settings
        self._http = http  # fetches release links; the RPC session has its own cookie jar
        self._rpc = httpx.Client(
            timeout=httpx.Timeout(settings.timeout_seconds, connect=5.0),
            headers={"User-Agent": USER_AGENT},
            verify=settings.verify_tls,
            follow_redirects=False,
        )
        self._endpoint = json_endpoint(settings.url)
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._labels: bool | None = None  # whether the Label plugin is on (None: not asked)

    # --- the DownloadClient protocol ----------------------------------------------------------

    def add(self, source: TorrentSource, category: str, save_path: str | None) -> str:
        resolved = resolve_source(self._http, source)
        info_hash = info_hash_of(resolved)
        if self._status(info_hash) is None:
            options = {"download_location": save_path or self._fallback_folder(category)}
            options = {key: value for key, value in options.items() if value}
            try:
                if isinstance(resolved, MagnetLink):
                    self._call("adding a torrent", "core.add_torrent_magnet", resolved.uri, options)
                else:
                    encoded = base64.b64encode(resolved.data).decode("ascii")
                    filename = f"{info_hash}.torrent"
                    self._call(
                        "adding a torrent", "core.add_torrent_file", filename, encoded, options
                    )
            except ApiChanged as exc:
                # Another worker may have added it meanwhile: Deluge then refuses a duplicate.
                if _DUPLICATE not in str(exc) and self._status(info_hash) is None:
                    raise
        if self._labels_on():
            self.ensure_category(category, None)  # an unknown label is refused
            self._call("labelling a torrent", "label.set_torrent", info_hash, label_for(category))
        return info_hash

    def info(self, info_hash: str) -> DownloadItem | None:
        status = self._status(info_hash)
        return _to_item(status) if status is not None else None

    def remove(self, info_hash: str, delete_data: bool) -> None:
        try:
            self._call("removing a torrent", "core.remove_torrent", info_hash.lower(), delete_data)
        except ApiChanged as exc:
            if _UNKNOWN_TORRENT not in str(exc):
                raise

    def ensure_category(self, name: str, save_path: str | None) -> None:
        """Create the label. Labels hold no download folder (each torrent is given its own)."""
        if not self._labels_on():
            return
        label = label_for(name)
        if label not in self._call("reading labels", "label.get_labels"):
            try:
                self._call("creating a label", "label.add", label)
            except ApiChanged as exc:
                if "already exists" not in str(exc):
                    raise

    def test(self) -> ConnectionReport:
        try:
            version = str(self._call("checking the connection", "daemon.get_version"))
            labels = self._labels_on()
        except IntegrationError as exc:
            return ConnectionReport(ok=False, message=str(exc), details={"error": exc.code})
        categories = "labels for categories" if labels else "no Label plugin: category folders"
        return ConnectionReport(
            ok=True,
            message=f"Connected to Deluge {version} ({categories})",
            details={"version": version, "labels": labels},
        )

    # --- torrents -----------------------------------------------------------------------------

    def _status(self, info_hash: str) -> Mapping[str, Any] | None:
        wanted = info_hash.lower()
        found = self._call(
            "reading torrents", "core.get_torrents_status", {"id": [wanted]}, list(FIELDS)
        )
        if not isinstance(found, Mapping):
            raise ApiChanged(SERVICE, "unexpected answer while reading torrents")
        status = found.get(wanted)
        return status if isinstance(status, Mapping) else None

    def _fallback_folder(self, category: str) -> str | None:
        """Without labels, the category is a sub-folder of Deluge's download folder."""
        if self._labels_on():
            return None
        base = self._call(
            "reading the download folder", "core.get_config_value", "download_location"
        )
        return posixpath.join(str(base), label_for(category)) if base else None

    def _labels_on(self) -> bool:
        if self._labels is None:
            enabled = self._call("reading plugins", "core.get_enabled_plugins")
            if LABEL_PLUGIN in enabled:
                self._labels = True
            elif LABEL_PLUGIN in self._call("reading plugins", "core.get_available_plugins"):
                self._call("enabling the Label plugin", "core.enable_plugin", LABEL_PLUGIN)
                self._labels = self._label_methods_appear()
            else:
                self._labels = False
        return self._labels

    def _label_methods_appear(self) -> bool:
        """deluge-web learns the plugin's methods after the daemon's PluginEnabledEvent."""
        deadline = time.monotonic() + LABEL_METHODS_WAIT_SECONDS
        while True:
            try:
                self._call("reading labels", "label.get_labels")
                return True
            except ApiChanged:
                if time.monotonic() > deadline:
                    return False
                time.sleep(0.2)

    # --- JSON-RPC -----------------------------------------------------------------------------

    def _call(self, action: str, method: str, *params: Any) -> Any:
        """One call to the daemon, once deluge-web is signed in and connected to one."""
        with self._lock:
            self._ready(action)
        try:
            return self._rpc_call(action, method, *params)
        except DelugeError as exc:
            raise _mapped(action, exc) from exc

    def _ready(self, action: str) -> None:
        """Sign in (again, after deluge-web restarted or an hour idle) and make sure it is
        connected to a daemon: calls to an unconnected deluge-web hang or are 'Unknown method'."""
        try:
            try:
                connected = self._rpc_call(action, "web.connected")
            except DelugeError as exc:
                if exc.code != NOT_AUTHENTICATED:
                    raise
                password = self._settings.password.get_secret_value()
                if self._rpc_call(action, "auth.login", password) is not True:
                    raise AuthFailed(SERVICE, "wrong password for the Web UI") from exc
                connected = self._rpc_call(action, "web.connected")
            if not connected:
                self._connect_a_daemon(action)
        except DelugeError as exc:
            raise _mapped(action, exc) from exc

    def _connect_a_daemon(self, action: str) -> None:
        hosts = self._rpc_call(action, "web.get_hosts") or []
        for host in hosts:
            host_id = host[0]
            status = self._rpc_call(action, "web.get_host_status", host_id)
            if len(status) > 1 and status[1] in _ONLINE:
                self._rpc_call(action, "web.connect", host_id)
                if self._rpc_call(action, "web.connected"):
                    return
        raise Unreachable(
            SERVICE,
            "deluge-web is not connected to a Deluge daemon and none in its Connection Manager "
            "is online; start deluged, or connect the Web UI to it in its Connection Manager",
        )

    def _rpc_call(self, action: str, method: str, *params: Any) -> Any:
        payload = {"method": method, "params": list(params), "id": next(self._ids)}
        try:
            response = deliver(self._rpc, SERVICE, "POST", self._endpoint, json=payload)
        except Unreachable as exc:
            raise Unreachable(
                SERVICE, f"cannot reach {self._settings.url} while {action}; is it running?"
            ) from exc
        if response.status_code >= 500:
            raise Unreachable(SERVICE, f"the Web UI had an error (HTTP {response.status_code})")
        if response.status_code != 200:
            raise ApiChanged(SERVICE, f"{NOT_DELUGE} (HTTP {response.status_code})")
        try:
            body = response.json()
        except ValueError as exc:
            raise ApiChanged(SERVICE, NOT_DELUGE) from exc
        if not isinstance(body, dict) or not {"result", "error"} <= body.keys():
            raise ApiChanged(SERVICE, NOT_DELUGE)
        error = body["error"]
        if error:
            message = str(error.get("message", error)) if isinstance(error, dict) else str(error)
            code = error.get("code", 0) if isinstance(error, dict) else 0
            raise DelugeError(method, message, int(code) if isinstance(code, int) else 0)
        return body["result"]


def _mapped(action: str, exc: DelugeError) -> IntegrationError:
    if exc.code == NOT_AUTHENTICATED:
        return AuthFailed(SERVICE, "the Web UI refused the session; check the password")
    return ApiChanged(SERVICE, f"unexpected answer while {action}: {exc.message[:300]}")


def _to_item(status: Mapping[str, Any]) -> DownloadItem:
    progress = min(1.0, max(0.0, float(status.get("progress", 0.0)) / 100))
    observed = DelugeStatus(
        state=str(status.get("state", "")),
        message=str(status.get("message", "")),
        finished=bool(status.get("is_finished")) or progress >= 1.0,
        seeds_connected=int(status.get("num_seeds", 0)),
        download_rate_bps=int(status.get("download_payload_rate", 0)),
    )
    state = map_state(observed)
    save_path = str(status.get("save_path", ""))
    name = str(status.get("name", ""))
    eta = int(status.get("eta", 0))
    return DownloadItem(
        info_hash=str(status["hash"]).lower(),
        name=name,
        state=state,
        progress=progress,
        download_speed_bps=observed.download_rate_bps,
        eta_seconds=eta if eta > 0 else None,
        seeders_connected=observed.seeds_connected,
        seeders_available=max(0, int(status.get("total_seeds", 0))),
        size_bytes=max(0, int(status.get("total_wanted", 0))),
        downloaded_bytes=max(0, int(status.get("total_done", 0))),
        ratio=max(0.0, float(status.get("ratio", 0.0))),
        seeding_time_seconds=int(status.get("seeding_time", 0)),
        content_path=_content_path(save_path, name),
        save_path=save_path,
        added_at=timestamp_or_none(status.get("time_added")),
        completed_at=timestamp_or_none(status.get("completed_time")),
        category=str(status.get("label") or "") or None,
        error_message=observed.message if state in ("error", "missing_files") else None,
    )


def _content_path(save_path: str, name: str) -> str:
    separator = "\\" if "\\" in save_path else "/"
    return save_path.rstrip("/\\") + separator + name
