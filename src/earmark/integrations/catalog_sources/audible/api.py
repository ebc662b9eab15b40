"""Audible catalog API endpoints (no sign-in needed); vendor answers checked and mapped once."""

from __future__ import annotations

from typing import Any

import httpx

from earmark.integrations.catalog_sources import CoverImage
from earmark.integrations.catalog_sources.audible.settings import AudibleSettings
from earmark.integrations.catalog_sources.retrying import RetryPolicy, with_retries
from earmark.integrations.catalog_sources.vendor_json import get_json_object
from earmark.integrations.errors import ApiChanged, Unreachable
from earmark.integrations.http import USER_AGENT, raise_for_status, send

SERVICE = "Audible"
RESPONSE_GROUPS = (
    "contributors,product_desc,product_attrs,product_extended_attrs,media,rating,series,"
    "category_ladders,product_details"
)
MAX_PAGE_SIZE = 50
# The store's chart pages are read like a browser would: HTML, English, no geo-redirect.
STORE_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "en-US,en;q=0.9",
}


class AudibleApi:
    def __init__(
        self, http: httpx.Client, settings: AudibleSettings, retry: RetryPolicy | None = None
    ) -> None:
        self._http = http
        self._settings = settings
        self._retry = retry or RetryPolicy()
        self._headers = {"Accept": "application/json", "User-Agent": USER_AGENT}

    @property
    def region(self) -> str:
        return self._settings.region

    def products(self, **params: str | int) -> dict[str, Any]:
        """GET /1.0/catalog/products; `page` is the API's 0-based page."""
        query = {"response_groups": RESPONSE_GROUPS, **params}
        body = self._get_json("/1.0/catalog/products", query)
        if not isinstance(body.get("products"), list):
            raise ApiChanged(SERVICE, "the product list answer had no 'products' array")
        return body

    def products_by_asins(self, asins: list[str]) -> list[dict[str, Any]]:
        """Up to 50 products by ASIN, in no promised order; unknown ASINs come back hollow.

        The API takes `asins` as one comma-joined value (repeated parameters silently return a
        single product) and refuses more than 50 with HTTP 400.
        """
        if not asins:
            return []
        if len(asins) > MAX_PAGE_SIZE:
            raise ValueError(f"at most {MAX_PAGE_SIZE} ASINs per catalog request")
        body = self.products(asins=",".join(asins), num_results=len(asins))
        return [p for p in body["products"] if isinstance(p, dict)]

    def store_page(self, path: str, params: dict[str, str | int]) -> str:
        """GET one HTML page of the Audible store (its charts), with retries."""
        url = self._settings.store_url + path
        query = {"ipRedirectOverride": "true", **params}
        headers = {**STORE_HEADERS, "User-Agent": USER_AGENT}

        def fetch() -> str:
            response = send(
                self._http,
                SERVICE,
                "GET",
                url,
                params=query,
                headers=headers,
                timeout=self._settings.timeout_seconds,
            )
            return response.text

        return with_retries(self._retry, fetch)

    def product(self, asin: str) -> dict[str, Any]:
        """GET /1.0/catalog/products/{asin}; unknown ASINs come back as a stub without a title."""
        body = self._get_json(f"/1.0/catalog/products/{asin}", {"response_groups": RESPONSE_GROUPS})
        product = body.get("product")
        if not isinstance(product, dict):
            raise ApiChanged(SERVICE, "the product answer had no 'product' object")
        return product

    def download_image(self, url: str, max_bytes: int) -> CoverImage:
        """Stream an image, refusing non-images and anything larger than `max_bytes`."""
        return with_retries(self._retry, lambda: self._download_once(url, max_bytes))

    def _get_json(self, path: str, params: dict[str, Any]) -> dict[str, Any]:
        return get_json_object(
            self._http,
            SERVICE,
            self._settings.base_url + path,
            params=params,
            headers=self._headers,
            timeout=self._settings.timeout_seconds,
            retry=self._retry,
            url_setting="Audible API URL",
        )

    def _download_once(self, url: str, max_bytes: int) -> CoverImage:
        try:
            with self._http.stream(
                "GET",
                url,
                headers={"User-Agent": USER_AGENT},
                timeout=self._settings.timeout_seconds,
            ) as response:
                raise_for_status(SERVICE, response)
                content_type = response.headers.get("content-type", "").split(";")[0].strip()
                if not content_type.startswith("image/"):
                    raise ApiChanged(
                        SERVICE, f"cover is not an image ({content_type or 'no type'})"
                    )
                return CoverImage(content_type, _read_limited(response, max_bytes))
        except httpx.HTTPError as exc:
            raise Unreachable(SERVICE, f"cover download failed ({type(exc).__name__})") from exc


def _read_limited(response: httpx.Response, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise ApiChanged(SERVICE, f"cover is larger than {max_bytes} bytes")
    chunks: list[bytes] = []
    received = 0
    for chunk in response.iter_bytes():
        received += len(chunk)
        if received > max_bytes:
            raise ApiChanged(SERVICE, f"cover is larger than {max_bytes} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
