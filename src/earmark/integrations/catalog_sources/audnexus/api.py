"""Audnexus endpoints: /books/{asin} and /authors/{asin}; 404 means the ASIN is unknown."""

from __future__ import annotations

from typing import Any

import httpx

from earmark.integrations.catalog_sources.audnexus.settings import AudnexusSettings
from earmark.integrations.catalog_sources.retrying import RetryPolicy
from earmark.integrations.catalog_sources.vendor_json import get_json_object
from earmark.integrations.http import USER_AGENT

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
        return get_json_object(
            self._http,
            SERVICE,
            self._settings.root + path,
            params={"region": self._settings.region},
            headers={"Accept": "application/json", "User-Agent": USER_AGENT},
            timeout=self._settings.timeout_seconds,
            retry=self._retry,
            url_setting="Audnexus URL",
        )
