"""Plex Media Server HTTP endpoints, one method each; answers are the raw `MediaContainer`."""

from __future__ import annotations

from typing import Any

import httpx

from earmark.integrations.errors import ApiChanged, AuthFailed
from earmark.integrations.http import json_body, send
from earmark.integrations.media_servers.plex.settings import PlexServerSettings

SERVICE = "Plex Media Server"
ALBUM_TYPE = 9  # Plex metadata type of an album; audiobooks live in music libraries as albums
TRACK_TYPE = 10

Container = dict[str, Any]


class PlexServerApi:
    def __init__(self, http: httpx.Client, settings: PlexServerSettings) -> None:
        self._http = http
        self._settings = settings

    def identity(self) -> Container:
        return self._get("/identity")

    def sections(self) -> Container:
        return self._get("/library/sections")

    def section_items(
        self, section_id: str, item_type: int, start: int, size: int, sort: str | None = None
    ) -> Container:
        params: dict[str, str | int] = {
            "type": item_type,
            "X-Plex-Container-Start": start,
            "X-Plex-Container-Size": size,
        }
        if item_type == ALBUM_TYPE:  # tracks need no external GUIDs; the album is the book
            params["includeGuids"] = 1
        if sort:
            params["sort"] = sort
        return self._get(f"/library/sections/{section_id}/all", params)

    def refresh(self, section_id: str, path: str | None = None) -> None:
        # Plex answers the refresh trigger with an empty body; only the status matters.
        params: dict[str, str | int] = {"path": path} if path else {}
        self._send(f"/library/sections/{section_id}/refresh", params)

    def children(self, rating_key: str) -> Container:
        return self._get(f"/library/metadata/{rating_key}/children")

    def _get(self, path: str, params: dict[str, str | int] | None = None) -> Container:
        response = self._send(path, params or {})
        body = json_body(SERVICE, response, "check the URL points at Plex Media Server")
        container = body.get("MediaContainer") if isinstance(body, dict) else None
        if not isinstance(container, dict):
            raise ApiChanged(SERVICE, f"{path} answered without a MediaContainer")
        return container

    def _send(self, path: str, params: dict[str, str | int]) -> httpx.Response:
        headers = {
            "Accept": "application/json",
            "X-Plex-Token": self._settings.token.get_secret_value(),
        }
        try:
            return send(
                self._http,
                SERVICE,
                "GET",
                self._settings.url + path,
                params=params,
                headers=headers,
                timeout=self._settings.timeout_seconds,
            )
        except AuthFailed as exc:
            raise AuthFailed(
                SERVICE,
                "the token was refused: it has no access to this server; "
                "sign in again or paste a token of the server owner",
            ) from exc
