"""Audnexus as a details enricher: maps its book record to BookMetadata."""

from __future__ import annotations

from typing import Any

from earmark.integrations.catalog_sources import BookMetadata
from earmark.integrations.catalog_sources.audnexus.api import AudnexusApi
from earmark.integrations.catalog_sources.html_text import strip_html
from earmark.integrations.catalog_sources.vendor_json import clean_text, person_names
from earmark.integrations.errors import ApiChanged, IntegrationError
from earmark.integrations.reports import ConnectionReport

MAX_GENRES = 5
# A well-known ASIN used only to prove the service answers (Project Hail Mary, US store).
PROBE_ASIN = "B08G9PRS1K"


def _genres(entries: Any) -> tuple[str, ...]:
    if not isinstance(entries, list):
        return ()
    # Audnexus mixes broad genres and narrow tags; genres describe a book better, so list them first.
    ordered = sorted(
        (e for e in entries if isinstance(e, dict)), key=lambda e: e.get("type") != "genre"
    )
    names: list[str] = []
    for entry in ordered:
        name = clean_text(entry.get("name"))
        if name and name not in names:
            names.append(name)
    return tuple(names[:MAX_GENRES])


def _float(value: Any) -> float | None:
    try:
        return round(float(value), 2) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def record_to_book(record: dict[str, Any]) -> BookMetadata:
    asin, title = clean_text(record.get("asin")), clean_text(record.get("title"))
    if not asin or not title:
        raise ApiChanged("Audnexus", "the book record had no asin or title")
    primary = record.get("seriesPrimary")
    series: dict[str, Any] = primary if isinstance(primary, dict) else {}
    runtime = record.get("runtimeLengthMin")
    release = clean_text(record.get("releaseDate"))
    return BookMetadata(
        asin=asin,
        title=title,
        subtitle=clean_text(record.get("subtitle")),
        authors=person_names(record.get("authors")),
        narrators=person_names(record.get("narrators")),
        series=clean_text(series.get("name")),
        series_position=clean_text(series.get("position")),
        series_asin=clean_text(series.get("asin")),
        description=strip_html(record.get("summary")) or strip_html(record.get("description")),
        duration_minutes=runtime if isinstance(runtime, int) and runtime > 0 else None,
        release_date=release[:10] if release else None,
        rating=_float(record.get("rating")),
        genres=_genres(record.get("genres")),
        cover_url=clean_text(record.get("image")),
        language=clean_text(record.get("language")),
    )


class AudnexusClient:
    def __init__(self, api: AudnexusApi) -> None:
        self._api = api

    def book(self, asin: str) -> BookMetadata:
        """Raises NotFoundUpstream for unknown ASINs and other IntegrationErrors on failure."""
        return record_to_book(self._api.book(asin))

    def test(self) -> ConnectionReport:
        try:
            book = self.book(PROBE_ASIN)
        except IntegrationError as error:
            return ConnectionReport(False, error.message)
        return ConnectionReport(True, f"Audnexus answered ({book.title})")
