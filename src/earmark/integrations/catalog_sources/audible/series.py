"""Series and author listings from Audible's catalog API.

A series is a catalog product of its own (content_delivery_type "BookSeries") whose
`relationships` response group lists its books: `{asin, relationship_to_product: "child",
relationship_type: "series", sequence, sort}`; the books themselves are then read by ASIN, 50 at
a time. An author's books come from `GET /1.0/catalog/products?author=<name>`, which matches
loosely, so the credited authors are checked again here. Pre-orders are kept: a series page shows
what is coming.
"""

from __future__ import annotations

from typing import Any

from earmark.integrations.catalog_sources import BookMetadata
from earmark.integrations.catalog_sources.audible.api import (
    MAX_PAGE_SIZE,
    RESPONSE_GROUPS,
    SERVICE,
    AudibleApi,
)
from earmark.integrations.catalog_sources.audible.eligibility import is_book
from earmark.integrations.catalog_sources.audible.mapping import product_to_book
from earmark.integrations.catalog_sources.series import SeriesEntry, SeriesListing, reading_order
from earmark.integrations.catalog_sources.vendor_json import clean_text
from earmark.integrations.errors import NotFoundUpstream

SERIES_GROUPS = "relationships,product_attrs"


def series_children(parent: dict[str, Any]) -> list[tuple[str, str | None]]:
    """(ASIN, sequence) of each book the series product lists, in the listing's order."""
    children: list[tuple[str, str | None]] = []
    for rel in parent.get("relationships") or []:
        if not isinstance(rel, dict):
            continue
        if rel.get("relationship_type") != "series":
            continue
        if rel.get("relationship_to_product") != "child":
            continue
        asin = clean_text(rel.get("asin"))
        if asin and asin not in {a for a, _ in children}:
            children.append((asin, clean_text(rel.get("sequence"))))
    return children


def _credited(book: BookMetadata, author: str) -> bool:
    wanted = author.casefold().strip()
    return any(name.casefold().strip() == wanted for name in book.authors)


class AudibleSeriesCatalog:
    def __init__(self, api: AudibleApi) -> None:
        self._api = api

    def series(self, series_asin: str) -> SeriesListing:
        body = self._api.products(asins=series_asin, num_results=1, response_groups=SERIES_GROUPS)
        parent = next((p for p in body["products"] if isinstance(p, dict)), {})
        title = clean_text(parent.get("title"))
        if not title:
            raise NotFoundUpstream(SERVICE, f"no series with ASIN {series_asin} in this region")
        children = series_children(parent)
        products: dict[str, dict[str, Any]] = {}
        asins = [asin for asin, _ in children]
        for start in range(0, len(asins), MAX_PAGE_SIZE):
            chunk = asins[start : start + MAX_PAGE_SIZE]
            products.update((str(p.get("asin")), p) for p in self._api.products_by_asins(chunk))
        entries = []
        for asin, sequence in children:
            product = products.get(asin)
            book = product_to_book(product) if product and is_book(product) else None
            if book is not None:
                entries.append(SeriesEntry(book, sequence))
        return SeriesListing(series_asin, title, reading_order(entries))

    def author_books(self, author: str) -> tuple[BookMetadata, ...]:
        body = self._api.products(
            author=author,
            num_results=MAX_PAGE_SIZE,
            products_sort_by="-ReleaseDate",
            response_groups=RESPONSE_GROUPS,
        )
        books = (product_to_book(p) for p in body["products"] if isinstance(p, dict) and is_book(p))
        return tuple(b for b in books if b is not None and _credited(b, author))
