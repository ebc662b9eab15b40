"""Prowlarr HTTP endpoints, one method each; the API key goes only to the Prowlarr host."""

from __future__ import annotations

from typing import Any

import httpx

from earmark.integrations.errors import ApiChanged
from earmark.integrations.http import deliver, json_body, raise_for_status, send, send_json
from earmark.integrations.indexers.protocol import IndexersUnavailable
from earmark.integrations.indexers.prowlarr.settings import SERVICE, ProwlarrSettings

SEARCH_LIMIT = 100


class ProwlarrApi:
    def __init__(self, http: httpx.Client, settings: ProwlarrSettings) -> None:
        self._http = http
        self.settings = settings

    def _key_header(self) -> dict[str, str]:
        return {"X-Api-Key": self.settings.api_key.get_secret_value()}

    def _get_json(self, path: str, params: list[tuple[str, str]] | None = None) -> Any:
        headers = {**self._key_header(), "Accept": "application/json"}
        url = f"{self.settings.root}{path}"
        return send_json(
            self._http,
            SERVICE,
            "GET",
            url,
            params=params,
            headers=headers,
            timeout=self.settings.timeout,
        )

    def search(
        self, query: str, categories: tuple[int, ...], indexer_ids: tuple[int, ...]
    ) -> list[dict[str, Any]]:
        # Arrays go as repeated keys (categories=1&categories=2): Prowlarr ignores other forms.
        params = [("query", query), ("type", "search"), ("limit", str(SEARCH_LIMIT))]
        params += [("categories", str(category)) for category in categories]
        params += [("indexerIds", str(indexer_id)) for indexer_id in indexer_ids]
        response = deliver(
            self._http,
            SERVICE,
            "GET",
            f"{self.settings.root}/api/v1/search",
            params=params,
            headers={**self._key_header(), "Accept": "application/json"},
            timeout=self.settings.timeout,
        )
        if response.status_code == httpx.codes.BAD_REQUEST:
            # SearchController: every selected indexer disabled or blocked after failures.
            raise IndexersUnavailable(SERVICE, _refusal_message(response))
        raise_for_status(SERVICE, response)
        return _list_of_objects(json_body(SERVICE, response), "/api/v1/search")

    def indexers(self) -> list[dict[str, Any]]:
        return _list_of_objects(self._get_json("/api/v1/indexer"), "/api/v1/indexer")

    def system_status(self) -> dict[str, Any]:
        answer = self._get_json("/api/v1/system/status")
        if not isinstance(answer, dict):
            raise ApiChanged(SERVICE, "/api/v1/system/status did not answer an object")
        return answer

    def torznab_feed(self, indexer_id: int, categories: tuple[int, ...]) -> bytes:
        """The indexer's latest items as Torznab XML (a search without a query is its feed)."""
        params = [("t", "search"), ("extended", "1"), ("limit", str(SEARCH_LIMIT))]
        if categories:
            params.append(("cat", ",".join(str(category) for category in categories)))
        response = send(
            self._http,
            SERVICE,
            "GET",
            f"{self.settings.root}/{indexer_id}/api",
            params=params,
            headers=self._key_header(),
            timeout=self.settings.timeout,
        )
        return response.content

    def get_link(self, url: str) -> httpx.Response:
        """One GET of a release link, redirects NOT followed; the key only for Prowlarr's host."""
        headers = self._key_header() if self.settings.is_prowlarr_url(url) else {}
        return send(
            self._http,
            SERVICE,
            "GET",
            url,
            headers=headers,
            timeout=self.settings.timeout,
            follow_redirects=False,
        )


def _refusal_message(response: httpx.Response) -> str:
    """Prowlarr's words from a 400: `{"message": ...}`, or a list of validation errors."""
    try:
        body = json_body(SERVICE, response)
    except ApiChanged:
        body = None
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        return str(body["message"])
    if isinstance(body, list):
        messages = [
            str(entry["errorMessage"])
            for entry in body
            if isinstance(entry, dict) and isinstance(entry.get("errorMessage"), str)
        ]
        if messages:
            return "; ".join(messages)
    return "the search was refused (HTTP 400); check the indexers in Prowlarr"


def _list_of_objects(answer: Any, path: str) -> list[dict[str, Any]]:
    if not isinstance(answer, list) or not all(isinstance(item, dict) for item in answer):
        raise ApiChanged(SERVICE, f"{path} did not answer a list; is this URL Prowlarr?")
    return answer
