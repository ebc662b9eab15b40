"""Audiobookshelf HTTP endpoints, one method each; answers are the decoded JSON objects."""

from __future__ import annotations

from typing import Any

import httpx

from earmark.integrations.errors import ApiChanged, AuthFailed, NotFoundUpstream
from earmark.integrations.http import deliver, json_body, raise_for_status

SERVICE = "Audiobookshelf"
NOT_ABS = "check the URL points at Audiobookshelf (its web address, e.g. http://nas:13378)"

Answer = dict[str, Any]


class AudiobookshelfApi:
    def __init__(self, http: httpx.Client, url: str, api_key: str, timeout: float) -> None:
        self._http = http
        self._url = url.rstrip("/")
        self._api_key = api_key
        self._timeout = timeout

    @property
    def url(self) -> str:
        return self._url

    def status(self) -> Answer:
        """`GET /status` (no sign-in): the app name and version; anything else is not ABS."""
        body = self._call("GET", "/status", auth=False)
        if body.get("app") != "audiobookshelf":
            raise ApiChanged(SERVICE, f"this is not an Audiobookshelf server; {NOT_ABS}")
        return body

    def me(self) -> Answer:
        return self._call("GET", "/api/me")

    def libraries(self) -> list[Answer]:
        return _objects(self._call("GET", "/api/libraries").get("libraries"))

    def library_items(
        self, library_id: str, page: int, limit: int, *, newest_first: bool = False
    ) -> Answer:
        params: dict[str, str | int] = {"limit": limit, "page": page, "sort": "addedAt"}
        if newest_first:
            params["desc"] = 1
        return self._call("GET", f"/api/libraries/{library_id}/items", params=params)

    def scan_library(self, library_id: str) -> None:
        """Starts a library scan; Audiobookshelf answers at once and scans in the background."""
        self._call("POST", f"/api/libraries/{library_id}/scan", expect_json=False)

    def login(self, username: str, password: str) -> Answer:
        """`POST /login`: the user (id, type, permissions, accessToken) for a username/password."""
        try:
            body = self._call(
                "POST", "/login", auth=False, json={"username": username, "password": password}
            )
        except AuthFailed as exc:
            raise AuthFailed(SERVICE, "wrong username or password") from exc
        user = body.get("user")
        if not isinstance(user, dict) or not user.get("id"):
            raise ApiChanged(SERVICE, f"/login answered without a user; {NOT_ABS}")
        return user

    def _call(
        self,
        method: str,
        path: str,
        *,
        auth: bool = True,
        expect_json: bool = True,
        **kwargs: Any,
    ) -> Answer:
        headers = {"Accept": "application/json"}
        if auth:
            headers["Authorization"] = f"Bearer {self._api_key}"
        response = deliver(
            self._http,
            SERVICE,
            method,
            self._url + path,
            url_name="Audiobookshelf URL",
            headers=headers,
            timeout=self._timeout,
            **kwargs,
        )
        if auth and response.status_code == 403:
            raise AuthFailed(SERVICE, "the API key's user may not do this; use an admin's API key")
        try:
            raise_for_status(SERVICE, response)
        except AuthFailed as exc:
            if not auth:
                raise
            raise AuthFailed(
                SERVICE, "the API key was refused; create a new one in Audiobookshelf"
            ) from exc
        except NotFoundUpstream as exc:
            raise NotFoundUpstream(SERVICE, f"{path} was not found; {NOT_ABS}") from exc
        if not expect_json:
            return {}
        body = json_body(SERVICE, response, NOT_ABS)
        if not isinstance(body, dict):
            raise ApiChanged(SERVICE, f"{path} did not answer a JSON object; {NOT_ABS}")
        return body


def _objects(value: object) -> list[Answer]:
    return [entry for entry in value if isinstance(entry, dict)] if isinstance(value, list) else []
