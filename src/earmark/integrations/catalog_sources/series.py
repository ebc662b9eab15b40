"""The series-and-author source protocol: a series' books in order, an author's books.

Kept beside (not inside) `CatalogSource`, so a catalog that cannot list series still serves
search, charts and details.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from earmark.integrations.catalog_sources import BookMetadata


@dataclass(frozen=True)
class SeriesEntry:
    """One book of a series with the catalog's own sequence text ("1", "1.5", "Book 2" or None)."""

    book: BookMetadata
    sequence: str | None


@dataclass(frozen=True)
class SeriesListing:
    asin: str
    title: str
    entries: tuple[SeriesEntry, ...]


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def sequence_number(sequence: str | None) -> float | None:
    """The first number in a sequence ("Book 2" -> 2.0, "1.5" -> 1.5); None when it has none."""
    match = _NUMBER.search(sequence or "")
    return float(match.group(0)) if match else None


def reading_order(entries: list[SeriesEntry]) -> tuple[SeriesEntry, ...]:
    """Numbered books by number, then unnumbered ones by release date (the catalog's quirk:
    companions and box sets often carry no sequence)."""

    def key(entry: SeriesEntry) -> tuple[int, float, str]:
        number = sequence_number(entry.sequence)
        released = entry.book.release_date or "9999"
        return (0, number, released) if number is not None else (1, 0.0, released)

    return tuple(sorted(entries, key=key))


class SeriesSource(Protocol):
    def series(self, series_asin: str) -> SeriesListing:
        """The series' books in reading order; raises NotFoundUpstream for an unknown series."""
        ...

    def author_books(self, author: str) -> tuple[BookMetadata, ...]:
        """Books credited to `author` (newest first), pre-orders included."""
        ...
