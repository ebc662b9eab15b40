"""UsenetClient for SABnzbd 5: its `/api` answers JSON, numbers come as strings.

Jobs are found by nzo_id in the queue, then in the history. A `Completed` history slot is only
done once `storage` is set: SABnzbd shows it briefly with an empty `storage` while it moves files.
"""

from __future__ import annotations

import posixpath
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

SERVICE = "SABnzbd"
MIB = 1024 * 1024
_QUEUE_STATES: dict[str, DownloadState] = {
    "Queued": "queued",
    "Grabbing": "queued",
    "Fetching": "queued",
    "Propagating": "queued",
    "Paused": "paused",
    "Checking": "checking",
    "Downloading": "downloading",
}


class SabnzbdClient:
    name = "sabnzbd"

    def __init__(self, url: str, api_key: str, http: httpx.Client) -> None:
        self._api = url.rstrip("/") + "/api"
        self._url = url
        self._api_key = api_key
        self._http = http

    def add(self, source: NzbSource, category: str, save_path: str | None) -> str:
        """SABnzbd files a job under its category's folder; `save_path` has no per-job meaning."""
        if isinstance(source, NzbFile):
            nzbname = source.filename.removesuffix(".nzb")
            answer = self._call(
                {"mode": "addfile", "cat": category, "nzbname": nzbname},
                files={"name": (source.filename, source.data, "application/x-nzb")},
            )
        else:
            answer = self._call({"mode": "addurl", "name": source.url, "cat": category})
        ids = answer.get("nzo_ids") if isinstance(answer, Mapping) else None
        if not answer.get("status") or not ids:
            why = answer.get("error") or "it did not accept the NZB"
            raise ApiChanged(SERVICE, f"adding the NZB failed: {why}")
        return str(ids[0])

    def info(self, info_hash: str) -> DownloadItem | None:
        queue = self._call({"mode": "queue", "nzo_ids": info_hash}).get("queue") or {}
        for slot in queue.get("slots") or []:
            if slot.get("nzo_id") == info_hash:
                return _queued_item(slot)
        history = self._call({"mode": "history", "nzo_ids": info_hash}).get("history") or {}
        for slot in history.get("slots") or []:
            if slot.get("nzo_id") == info_hash:
                return _history_item(slot)
        return None

    def remove(self, info_hash: str, delete_data: bool) -> None:
        """From the queue or the history (SABnzbd deletes only unfinished files itself)."""
        flags = {"value": info_hash, "del_files": "1" if delete_data else "0"}
        self._call({"mode": "queue", "name": "delete", **flags})
        self._call({"mode": "history", "name": "delete", "archive": "0", **flags})

    def ensure_category(self, name: str, save_path: str | None) -> None:
        """Create the category (its folder is `save_path`, or SABnzbd's default: the name)."""
        categories = self._call({"mode": "get_cats"}).get("categories") or []
        if name in categories and save_path is None:
            return
        fields = {"mode": "set_config", "section": "categories", "keyword": name}
        self._call({**fields, "dir": save_path or name})

    def test(self) -> ConnectionReport:
        try:
            version = str(self._call({"mode": "version"}).get("version", "?"))
            categories = self._call({"mode": "get_cats"}).get("categories") or []
        except IntegrationError as exc:
            return ConnectionReport(ok=False, message=str(exc), details={"error": exc.code})
        return ConnectionReport(
            ok=True,
            message=f"Connected to SABnzbd {version}",
            details={"version": version, "categories": [str(c) for c in categories]},
        )

    def _call(self, params: Mapping[str, str], **kwargs: Any) -> Any:
        """One API call, POSTed so the API key travels in the body and never in a logged URL."""
        form = {**params, "output": "json", "apikey": self._api_key}
        response = deliver(
            self._http, SERVICE, "POST", self._api, data=form, timeout=30.0, **kwargs
        )
        if response.status_code in (401, 403):
            raise AuthFailed(SERVICE, "wrong API key (Config → General → Security in SABnzbd)")
        raise_for_status(SERVICE, response)
        answer = json_body(SERVICE, response, "check the URL points at SABnzbd")
        if not isinstance(answer, dict):
            raise ApiChanged(SERVICE, "the answer was not a JSON object")
        if answer.get("status") is False and answer.get("error"):
            raise ApiChanged(SERVICE, f"SABnzbd refused the call: {answer['error']}")
        return answer


def _number(value: Any) -> float:
    """SABnzbd sends numbers as strings ("12.5"); missing or garbled ones count as 0."""
    try:
        return float(value or 0)
    except (TypeError, ValueError):
        return 0.0


def _seconds(timeleft: Any) -> int | None:
    """'1:02:03' (or '2:01:02:03' with days) as seconds; '0:00:00' means unknown."""
    try:
        parts = [int(p) for p in str(timeleft).split(":")]
    except ValueError:
        return None
    total = 0
    for part, unit in zip(reversed(parts), (1, 60, 3600, 86400), strict=False):
        total += part * unit
    return total or None


def _base(slot: Mapping[str, Any], **fields: Any) -> DownloadItem:
    return usenet_item(str(slot.get("nzo_id", "")), **fields)


def _queued_item(slot: Mapping[str, Any]) -> DownloadItem:
    total = _number(slot.get("mb")) * MIB
    left = _number(slot.get("mbleft")) * MIB
    done = max(0.0, total - left)
    return _base(
        slot,
        name=str(slot.get("filename", "")),
        state=_QUEUE_STATES.get(str(slot.get("status")), "downloading"),
        progress=round(done / total, 4) if total else 0.0,
        eta_seconds=_seconds(slot.get("timeleft")),
        size_bytes=int(total),
        downloaded_bytes=int(done),
        category=str(slot.get("cat")) if slot.get("cat") else None,
    )


def _history_item(slot: Mapping[str, Any]) -> DownloadItem:
    status = str(slot.get("status", ""))
    storage = str(slot.get("storage") or "")
    size = int(_number(slot.get("bytes")))
    state: DownloadState = "checking"
    if status == "Failed":
        state = "error"
    elif status == "Completed" and storage:
        state = "completed"
    finished = state == "completed"
    return _base(
        slot,
        name=str(slot.get("name", "")),
        state=state,
        progress=1.0 if finished else 0.0 if state == "error" else 0.99,
        size_bytes=size,
        downloaded_bytes=size if finished else 0,
        content_path=storage if finished else "",
        save_path=posixpath.dirname(storage.rstrip("/")) if finished else "",
        completed_at=timestamp_or_none(slot.get("completed")) if finished else None,
        category=str(slot.get("category")) if slot.get("category") else None,
        error_message=str(slot.get("fail_message") or "") or None if state == "error" else None,
    )
