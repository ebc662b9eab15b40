"""Audnexus endpoints: /books/{asin} and /authors/{asin}; 404 means the ASIN is unknown."""

from __future__ import annotations

from typing import Any

import httpx

from earmark.integrations.catalog_sources.audnexus.settings import AudnexusSettings
from earmark.integrations.catalog_sources.retrying import RetryPolicy, with_retries
from earmark.integrations.errors import ApiChanged
from earmark.integrations.http import USER_AGENT, send_json

SERVICE = "Audnexus"


class AudnexusApi:
    def __init__(
        self, http: httpx.Client, settings: AudnexusSettings, retry: RetryPolicy | None = None
    ) -> None:
        self._http = http
        self._settings = settings
        self._retry = retry or RetryPolicy(attempts=3)

    def book(self, asin: str) -> dict[str, Any]:
        return self._get(f"/books/{asin}")

    def author(self, asin: str) -> dict[str, Any]:
        return self._get(f"/authors/{asin}")

    def _get(self, path: str) -> dict[str, Any]:
        url = self._settings.root + path

        def call() -> Any:
            return send_json(
                self._http,
                SERVICE,
                "GET",
                url,
                params={"region": self._settings.region},
                headers={"Accept": "application/json", "User-Agent": USER_AGENT},
                timeout=self._settings.timeout_seconds,
            )

        body = with_retries(self._retry, call)
        if not isinstance(body, dict):
            raise ApiChanged(SERVICE, "expected a JSON object; check the Audnexus URL")
        return body
