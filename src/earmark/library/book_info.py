"""What the importer knows about the requested book (from the catalog)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class BookInfo:
    title: str
    author: str
    narrator: str | None = None
    series: str | None = None
    series_position: str | None = None
    year: int | None = None
    asin: str | None = None
    description: str | None = None
    genres: tuple[str, ...] = field(default_factory=tuple)
    runtime_minutes: int | None = None
