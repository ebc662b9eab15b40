"""UsenetClient for NZBGet 21 over its JSON-RPC interface (`/jsonrpc`, HTTP basic auth).

Jobs are NZBIDs (as strings). Sizes come split in 32-bit halves (`FileSizeLo`/`Hi`): the MB
fields read 0 below 1 MB. A finished job is in the history with `SUCCESS/...`; a failed one with
`FAILURE/...` (`FAILURE/HEALTH` when articles are missing on the news server).
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any

import httpx

from earmark.integrations.download_clients.nzb import NzbFile, NzbSource
from earmark.integrations.download_clients.protocol import (
    DownloadItem,
    DownloadState,
    timestamp_or_none,
)
from earmark.integrations.download_clients.usenet_items import usenet_item
from earmark.integrations.errors import ApiChanged, AuthFailed, IntegrationError
from earmark.integrations.http import deliver, json_body, raise_for_status
from earmark.integrations.reports import ConnectionReport

SERVICE = "NZBGet"
_QUEUE_STATES: dict[str, DownloadState] = {
    "QUEUED": "queued",
    "FETCHING": "queued",
    "PAUSED": "paused",
    "DOWNLOADING": "downloading",
}
# What the second half of a history status means, for the person reading the failure.
_FAILURE_REASONS = {
    "HEALTH": "articles are missing on the news server",
    "PAR": "the par2 repair failed",
    "UNPACK": "unpacking failed",
    "MOVE": "moving the files failed",
    "DUPE": "NZBGet deleted it as a duplicate",
    "MANUAL": "it was deleted in NZBGet",
    "SCAN": "the NZB could not be read",
    "BAD": "the NZB was marked bad",
}


class NzbgetClient:
    name = "nzbget"

    def __init__(self, url: str, username: str, password: str, http: httpx.Client) -> None:
        self._rpc_url = url.rstrip("/") + "/jsonrpc"
        self._auth = httpx.BasicAuth(username, password) if username or password else None
        self._http = http

    def add(self, source: NzbSource, category: str, save_path: str | None) -> str:
        """NZBGet files a job under its category's folder; `save_path` has no per-job meaning."""
        if isinstance(source, NzbFile):
            name, content = source.filename, base64.b64encode(source.data).decode("ascii")
        else:
            name, content = "", source.url  # NZBGet fetches a URL given as the content
        params = [name, content, category, 0, False, False, "", 0, "SCORE", []]
        nzb_id = self._call("append", params)
        if not isinstance(nzb_id, int) or nzb_id <= 0:
            raise ApiChanged(SERVICE, "NZBGet did not accept the NZB (append returned no id)")
        return str(nzb_id)

    def info(self, info_hash: str) -> DownloadItem | None:
        for group in self._call("listgroups", [0]) or []:
            if str(group.get("NZBID")) == info_hash:
                return _queued_item(group)
        for entry in self._call("history", [False]) or []:
            if str(entry.get("NZBID")) == info_hash:
                return _history_item(entry)
        return None

    def remove(self, info_hash: str, delete_data: bool) -> None:
        """From the queue (its partial files go too) or the history. NZBGet keeps the files of a
        finished job whatever `delete_data` says: its API cannot delete them."""
        if not info_hash.isdigit():
            return
        ids = [int(info_hash)]
        self._call("editqueue", ["GroupFinalDelete", "", ids])
        self._call("editqueue", ["HistoryFinalDelete", "", ids])

    def ensure_category(self, name: str, save_path: str | None) -> None:
        """NZBGet takes any category name with a job (its folder is DestDir/<category>)."""

    def test(self) -> ConnectionReport:
        try:
            version = str(self._call("version", []))
        except IntegrationError as exc:
            return ConnectionReport(ok=False, message=str(exc), details={"error": exc.code})
        return ConnectionReport(
            ok=True, message=f"Connected to NZBGet {version}", details={"version": version}
        )

    def _call(self, method: str, params: list[Any]) -> Any:
        body = {"version": "1.1", "method": method, "params": params, "id": 1}
        # NZBGet drops idle kept-alive connections without a word: one connection per call.
        response = deliver(
            self._http,
            SERVICE,
            "POST",
            self._rpc_url,
            json=body,
            auth=self._auth,
            headers={"Connection": "close"},
            timeout=30.0,
        )
        if response.status_code == 401:
            raise AuthFailed(SERVICE, "wrong user name or password (ControlUsername/Password)")
        raise_for_status(SERVICE, response)
        answer = json_body(SERVICE, response, "check the URL points at NZBGet")
        if not isinstance(answer, dict):
            raise ApiChanged(SERVICE, "the answer was not a JSON-RPC object")
        if answer.get("error"):
            error = answer["error"]
            text = error.get("message") if isinstance(error, Mapping) else error
            raise ApiChanged(SERVICE, f"NZBGet refused '{method}': {text}")
        return answer.get("result")


def _bytes(entry: Mapping[str, Any], prefix: str) -> int:
    return int(entry.get(f"{prefix}Lo") or 0) + (int(entry.get(f"{prefix}Hi") or 0) << 32)


def _base(entry: Mapping[str, Any], **fields: Any) -> DownloadItem:
    reported: dict[str, Any] = {
        "name": str(entry.get("NZBName") or entry.get("Name") or ""),
        "category": str(entry.get("Category")) if entry.get("Category") else None,
    }
    return usenet_item(str(entry.get("NZBID", "")), **{**reported, **fields})


def _queued_item(group: Mapping[str, Any]) -> DownloadItem:
    total = _bytes(group, "FileSize")
    done = max(0, total - _bytes(group, "RemainingSize"))
    # Post-processing (PP_QUEUED, RENAMING, UNPACKING, MOVING, ...) is not finished yet.
    state = _QUEUE_STATES.get(str(group.get("Status")), "checking")
    return _base(
        group,
        state=state,
        progress=round(done / total, 4) if total else 0.0,
        size_bytes=total,
        downloaded_bytes=done,
    )


def _history_item(entry: Mapping[str, Any]) -> DownloadItem:
    status = str(entry.get("Status", ""))
    kind, _, detail = status.partition("/")
    size = _bytes(entry, "FileSize")
    if kind == "SUCCESS" or status == "WARNING/SCRIPT":
        folder = str(entry.get("FinalDir") or entry.get("DestDir") or "")
        return _base(
            entry,
            state="completed",
            progress=1.0,
            size_bytes=size,
            downloaded_bytes=size,
            content_path=folder,
            save_path=folder.rstrip("/").rpartition("/")[0],
            completed_at=timestamp_or_none(entry.get("HistoryTime")),
        )
    reason = _FAILURE_REASONS.get(detail, "NZBGet reports a failure")
    return _base(
        entry,
        state="error",
        progress=0.0,
        size_bytes=size,
        downloaded_bytes=0,
        error_message=f"{status}: {reason}",
    )
