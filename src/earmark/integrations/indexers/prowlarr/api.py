"""Prowlarr HTTP endpoints, one method each; the API key goes only to the Prowlarr host."""

from __future__ import annotations

from typing import Any

import httpx

from earmark.integrations.errors import ApiChanged
from earmark.integrations.http import send, send_json
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
        return _list_of_objects(self._get_json("/api/v1/search", params), "/api/v1/search")

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


def _list_of_objects(answer: Any, path: str) -> list[dict[str, Any]]:
    if not isinstance(answer, list) or not all(isinstance(item, dict) for item in answer):
        raise ApiChanged(SERVICE, f"{path} did not answer a list; is this URL Prowlarr?")
    return answer
