"""The catalog-source protocol: what Earmark needs from a book catalog, in our own types."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

from earmark.integrations.reports import ConnectionReport

Chart = Literal["popular", "new_releases"]


@dataclass(frozen=True)
class BookMetadata:
    asin: str
    title: str
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    narrators: tuple[str, ...] = ()
    series: str | None = None
    series_position: str | None = None
    series_asin: str | None = None
    description: str | None = None
    duration_minutes: int | None = None
    release_date: str | None = None
    rating: float | None = None
    genres: tuple[str, ...] = ()
    cover_url: str | None = None
    language: str | None = None
    # The marketplace (Audible region code) the record came from: details are looked up there.
    region: str | None = None

    @property
    def author(self) -> str:
        return ", ".join(self.authors)

    @property
    def narrator(self) -> str | None:
        return ", ".join(self.narrators) or None


@dataclass(frozen=True)
class SearchPage:
    """One page of search results; `page` is 1-based."""

    items: tuple[BookMetadata, ...]
    page: int
    total_results: int
    has_more: bool


@dataclass(frozen=True)
class ChartPage:
    """One page of a ranked list: the books kept, and every ASIN the page listed (rank order).

    A source may list entries it does not keep (pre-orders, podcasts): `listed` lets the caller
    tell a page of only such entries from the end of the list.
    """

    books: tuple[BookMetadata, ...]
    listed: tuple[str, ...]


@dataclass(frozen=True)
class CoverImage:
    content_type: str
    data: bytes = field(repr=False)


class CatalogSource(Protocol):
    def search(self, query: str, page: int, page_size: int) -> SearchPage:
        """Keyword search over title, author and narrator; `page` is 1-based."""
        ...

    def details(self, asin: str) -> BookMetadata:
        """Full metadata for one book; raises NotFoundUpstream for an unknown ASIN."""
        ...

    def chart(self, chart: Chart, page: int, page_size: int) -> ChartPage:
        """One page (1-based) of a ranked list, best rank first; released books only."""
        ...

    def fetch_cover(self, url: str, max_bytes: int) -> CoverImage:
        """Download a cover image; raises ApiChanged when it is not an image or too large."""
        ...

    def test(self) -> ConnectionReport: ...
