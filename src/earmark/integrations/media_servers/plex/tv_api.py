"""plex.tv HTTP endpoints used for sign-in: one method per endpoint, JSON or XML answers decoded."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import httpx

from earmark.integrations.errors import ApiChanged, AuthFailed
from earmark.integrations.http import send
from earmark.integrations.media_servers.plex_tv import WrongProfilePin

SERVICE = "plex.tv"
PRODUCT = "Earmark"
TIMEOUT = httpx.Timeout(10.0, connect=5.0)


def xml_to_dict(element: ET.Element) -> dict[str, Any]:
    """Attributes become keys; child elements are grouped by tag into lists (JSON-like shape)."""
    node: dict[str, Any] = dict(element.attrib)
    for child in element:
        node.setdefault(child.tag, []).append(xml_to_dict(child))
    return node


def decode_body(response: httpx.Response) -> Any:
    """plex.tv answers JSON when asked, but some legacy endpoints still answer XML."""
    text = response.text.strip()
    if text.startswith(("{", "[")):
        try:
            return response.json()
        except ValueError as exc:
            raise ApiChanged(SERVICE, "plex.tv sent malformed JSON") from exc
    if text.startswith("<"):
        try:
            # The stdlib parser resolves no external entities and its expat guards entity expansion.
            root = ET.fromstring(text)  # noqa: S314
        except ET.ParseError as exc:
            raise ApiChanged(SERVICE, "plex.tv sent malformed XML") from exc
        return {root.tag: xml_to_dict(root)}
    raise ApiChanged(SERVICE, "plex.tv answered neither JSON nor XML; check the plex.tv URL")


class PlexTvApi:
    """Raw plex.tv calls; every one identifies Earmark and has a timeout."""

    def __init__(self, http: httpx.Client, base_url: str, client_identifier: str) -> None:
        self._http = http
        self._base = base_url.rstrip("/")
        self.client_identifier = client_identifier

    def _headers(self, token: str | None) -> dict[str, str]:
        headers = {
            "Accept": "application/json",
            "X-Plex-Client-Identifier": self.client_identifier,
            "X-Plex-Product": PRODUCT,
        }
        if token:
            headers["X-Plex-Token"] = token
        return headers

    def _call(
        self, method: str, path: str, token: str | None = None, params: dict[str, str] | None = None
    ) -> Any:
        try:
            response = send(
                self._http,
                SERVICE,
                method,
                f"{self._base}{path}",
                headers=self._headers(token),
                params=params,
                timeout=TIMEOUT,
            )
        except AuthFailed as exc:
            raise AuthFailed(
                SERVICE, "plex.tv did not accept the sign-in; start the Plex sign-in again"
            ) from exc
        return decode_body(response)

    def create_pin(self) -> Any:
        return self._call("POST", "/api/v2/pins", params={"strong": "true"})

    def get_pin(self, pin_id: int) -> Any:
        return self._call("GET", f"/api/v2/pins/{pin_id}")

    def get_account(self, token: str) -> Any:
        return self._call("GET", "/users/account", token)

    def list_resources(self, token: str) -> Any:
        params = {"includeHttps": "1", "includeRelay": "1"}
        return self._call("GET", "/api/v2/resources", token, params)

    def list_home_users(self, token: str) -> Any:
        return self._call("GET", "/api/home/users", token)

    def switch_home_user(self, token: str, home_user_id: str, pin: str | None) -> Any:
        params = {"pin": pin} if pin else None
        try:
            return self._call("POST", f"/api/home/users/{home_user_id}/switch", token, params)
        except AuthFailed as exc:
            # On this endpoint plex.tv answers 401 for a missing or wrong profile PIN.
            raise WrongProfilePin(
                SERVICE, "that PIN is not right for this Plex Home profile; try again"
            ) from exc
