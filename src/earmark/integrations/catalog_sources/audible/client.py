"""The Audible catalog source: search, charts and details, enriched by Audnexus when it can."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime

from earmark.integrations.catalog_sources import (
    BookMetadata,
    Chart,
    ChartPage,
    CoverImage,
    SearchPage,
)
from earmark.integrations.catalog_sources.audible.api import MAX_PAGE_SIZE, SERVICE, AudibleApi
from earmark.integrations.catalog_sources.audible.chart_page import parse_chart_page
from earmark.integrations.catalog_sources.audible.eligibility import belongs_on_chart
from earmark.integrations.catalog_sources.audible.mapping import product_to_book
from earmark.integrations.catalog_sources.audnexus.client import AudnexusClient
from earmark.integrations.errors import IntegrationError, NotFoundUpstream
from earmark.integrations.reports import ConnectionReport

log = logging.getLogger(__name__)

# The catalog API's sort orders are no chart (BestSellers is not honoured, -ReleaseDate leads
# with pre-orders): the store's own chart pages give the ranking, the API the metadata.
CHART_PATHS: dict[Chart, str] = {"popular": "/adblbestsellers", "new_releases": "/newreleases"}


def _utc_today() -> date:
    return datetime.now(UTC).date()


def _books(products: Sequence[object], region: str) -> list[BookMetadata]:
    books = (product_to_book(p, region) for p in products if isinstance(p, dict))
    return [book for book in books if book is not None]


def fill_missing(book: BookMetadata, extra: BookMetadata) -> BookMetadata:
    """`book` with every empty field taken from `extra` (Audible's own values win)."""
    changes = {
        field.name: getattr(extra, field.name)
        for field in dataclasses.fields(book)
        if getattr(book, field.name) in (None, (), "") and getattr(extra, field.name)
    }
    return dataclasses.replace(book, **changes) if changes else book


class AudibleCatalog:
    def __init__(
        self,
        api: AudibleApi,
        enricher: AudnexusClient | None = None,
        today: Callable[[], date] = _utc_today,
    ) -> None:
        self._api = api
        self._enricher = enricher
        self._today = today

    def search(self, query: str, page: int, page_size: int) -> SearchPage:
        size = min(page_size, MAX_PAGE_SIZE)
        # The API numbers pages from 0; sending the 1-based page silently skips the first page.
        body = self._api.products(
            keywords=query, num_results=size, page=page - 1, products_sort_by="Relevance"
        )
        items = tuple(_books(body["products"], self._api.region))
        total = body.get("total_results")
        total_results = total if isinstance(total, int) else len(items)
        return SearchPage(items, page, total_results, total_results > page * size)

    def chart(self, chart: Chart, page: int, page_size: int) -> ChartPage:
        """Audible's chart page (1-based; `page` is sent from page 2 on, as the store does)."""
        params: dict[str, str | int] = {"pageSize": min(page_size, MAX_PAGE_SIZE)}
        if page > 1:
            params["page"] = page
        listed = [
            e.asin for e in parse_chart_page(self._api.store_page(CHART_PATHS[chart], params))
        ]
        by_asin = {
            str(p.get("asin")): p for p in self._api.products_by_asins(listed[:MAX_PAGE_SIZE])
        }
        today = self._today()
        ranked = [
            by_asin[a] for a in listed if a in by_asin and belongs_on_chart(by_asin[a], today)
        ]
        return ChartPage(tuple(_books(ranked, self._api.region)), tuple(listed))

    def details(self, asin: str) -> BookMetadata:
        try:
            book = product_to_book(self._api.product(asin), self._api.region)
        except NotFoundUpstream:
            book = None
        extra = self._enrichment(asin)
        if book is None:
            if extra is None:
                raise NotFoundUpstream(
                    SERVICE, f"no book with ASIN {asin} in the Audible region '{self._api.region}'"
                )
            return dataclasses.replace(extra, region=self._api.region)
        return fill_missing(book, extra) if extra else book

    def fetch_cover(self, url: str, max_bytes: int) -> CoverImage:
        return self._api.download_image(url, max_bytes)

    def test(self) -> ConnectionReport:
        try:
            page = self.search("the", 1, 1)
        except IntegrationError as error:
            return ConnectionReport(False, error.message)
        return ConnectionReport(
            True, "Audible catalog answered", {"total_results": page.total_results}
        )

    def _enrichment(self, asin: str) -> BookMetadata | None:
        """Audnexus's record, or None: its failures must never break details."""
        if self._enricher is None:
            return None
        try:
            return self._enricher.book(asin)
        except IntegrationError as error:
            log.info("Audnexus enrichment skipped for %s: %s", asin, error.message)
            return None
