"""Finds what request creation needs about a book: the catalog cache first, then Audible."""

from __future__ import annotations

from earmark.catalog.remember import remember_book
from earmark.catalog.repository import row_by_asin
from earmark.core.errors import NotFound
from earmark.db.engine import transaction
from earmark.integrations.errors import NotFoundUpstream
from earmark.integrations.registry import build_catalog_source
from earmark.requests.schemas import NewBook
from earmark.requests.service import OwnershipCheck
from earmark.series.requesting import new_book, owned_in_library
from earmark.wiring import Services


def lookup_new_book(services: Services, asin: str, region: str | None = None) -> NewBook:
    """A book from a chart is cached already; one found by live search is fetched and cached now,
    so the search, the ranking (runtime, series, language) and the import have its details.

    `region` is the Audible region the book was found in (default: the configured one)."""
    with services.sessions() as session:
        cached = row_by_asin(session, asin)
    if cached is not None:
        return new_book(cached)
    try:
        details = build_catalog_source(services, region=region).details(asin)
    except NotFoundUpstream as exc:
        raise NotFound(f"Audible has no book with ASIN {asin}.") from exc
    with transaction(services.sessions) as session:
        return new_book(remember_book(session, details, services.clock.now()))


def owned_check(services: Services) -> OwnershipCheck:
    """The library cache decides, by the library matching rules (same ASIN, or title and author)."""
    return owned_in_library
