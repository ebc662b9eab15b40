"""plex.tv client for sign-in: turns plex.tv's several answer shapes into our value types."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx

from earmark.integrations.errors import ApiChanged
from earmark.integrations.media_servers.plex.tv_api import PRODUCT, SERVICE, PlexTvApi
from earmark.integrations.media_servers.plex_tv import (
    PlexAccount,
    PlexHomeUser,
    PlexPin,
    PlexResource,
)

AUTH_APP_URL = "https://app.plex.tv/auth"


def as_bool(value: Any) -> bool:
    """plex.tv sends booleans as true/false, 1/0 or "1"/"0" depending on the endpoint."""
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes"}
    return bool(value)


def _text(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def _unwrap(body: Any, key: str) -> dict[str, Any]:
    """Return the object itself, or the one wrapped under `key` (JSON wrapper or XML root)."""
    if isinstance(body, dict):
        inner = body.get(key)
        if isinstance(inner, list) and inner and isinstance(inner[0], dict):
            return inner[0]
        if isinstance(inner, dict):
            return inner
        return body
    raise ApiChanged(SERVICE, f"unexpected plex.tv answer while reading the {key}")


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def home_user_entries(body: Any) -> list[dict[str, Any]]:
    """Accepts MediaContainer.User[] (XML or JSON), home.users[] and users[]; items may be wrapped."""
    if isinstance(body, list):
        items = body
    elif isinstance(body, dict):
        container = body.get("MediaContainer") or {}
        home = body.get("home") or {}
        items = _as_list(container.get("User")) or _as_list(home.get("users"))
        items = items or _as_list(body.get("users"))
    else:
        items = []
    entries = [item.get("user", item) if isinstance(item, dict) else None for item in items]
    return [entry for entry in entries if isinstance(entry, dict)]


def to_home_user(entry: dict[str, Any]) -> PlexHomeUser | None:
    user_id = _text(entry.get("id"))
    if user_id is None:
        return None
    title = (
        _text(entry.get("title"))
        or _text(entry.get("friendlyName"))
        or _text(entry.get("username"))
    )
    return PlexHomeUser(
        id=user_id,
        uuid=_text(entry.get("uuid")),
        title=title or f"Profile {user_id}",
        thumb=_text(entry.get("thumb")),
        requires_pin=as_bool(entry.get("protected")),
        is_admin=as_bool(entry.get("admin")),
    )


def to_resource(entry: dict[str, Any]) -> PlexResource:
    provides = str(entry.get("provides") or "").split(",")
    identifier = _text(entry.get("clientIdentifier")) or _text(entry.get("machineIdentifier"))
    return PlexResource(
        name=str(entry.get("name") or ""),
        client_identifier=identifier or "",
        is_server="server" in provides or entry.get("product") == "Plex Media Server",
    )


class PlexTvClient:
    """Implements the `PlexTv` protocol against plex.tv (or a fake at another base URL)."""

    def __init__(self, http: httpx.Client, base_url: str, client_identifier: str) -> None:
        self._api = PlexTvApi(http, base_url, client_identifier)
        self.client_identifier = client_identifier

    def create_pin(self) -> PlexPin:
        return self._pin(self._api.create_pin())

    def get_pin(self, pin_id: int) -> PlexPin:
        return self._pin(self._api.get_pin(pin_id))

    def auth_url(self, code: str) -> str:
        query = (
            f"clientID={quote(self.client_identifier)}&code={quote(code)}"
            f"&context%5Bdevice%5D%5Bproduct%5D={quote(PRODUCT)}"
        )
        return f"{AUTH_APP_URL}#?{query}"

    def get_account(self, token: str) -> PlexAccount:
        entry = _unwrap(self._api.get_account(token), "user")
        account_id = _text(entry.get("id"))
        username = _text(entry.get("username")) or _text(entry.get("title"))
        if account_id is None or username is None:
            raise ApiChanged(SERVICE, "the plex.tv account answer had no id or username")
        return PlexAccount(
            id=account_id,
            uuid=_text(entry.get("uuid")),
            username=username,
            email=_text(entry.get("email")),
            thumb=_text(entry.get("thumb")),
        )

    def list_resources(self, token: str) -> list[PlexResource]:
        body = self._api.list_resources(token)
        if isinstance(body, dict):
            body = _as_list((body.get("MediaContainer") or {}).get("Device"))
        return [to_resource(entry) for entry in _as_list(body) if isinstance(entry, dict)]

    def list_home_users(self, token: str) -> list[PlexHomeUser]:
        users = (
            to_home_user(entry) for entry in home_user_entries(self._api.list_home_users(token))
        )
        return [user for user in users if user is not None]

    def switch_home_user(self, token: str, home_user_id: str, pin: str | None) -> str:
        body = self._api.switch_home_user(token, home_user_id, pin)
        entry = _unwrap(body, "user")
        profile_token = _text(entry.get("authenticationToken")) or _text(entry.get("authToken"))
        if profile_token is None:
            raise ApiChanged(SERVICE, "plex.tv switched profiles but sent no profile token")
        return profile_token

    @staticmethod
    def _pin(body: Any) -> PlexPin:
        entry = _unwrap(body, "pin")
        pin_id, code = entry.get("id"), _text(entry.get("code"))
        if pin_id is None or code is None:
            raise ApiChanged(SERVICE, "the plex.tv PIN answer had no id or code")
        try:
            return PlexPin(id=int(pin_id), code=code, auth_token=_text(entry.get("authToken")))
        except (TypeError, ValueError) as exc:
            raise ApiChanged(SERVICE, "the plex.tv PIN id was not a number") from exc
