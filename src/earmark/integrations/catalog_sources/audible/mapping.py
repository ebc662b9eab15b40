"""Maps Audible catalog product JSON to BookMetadata; tolerant of the many optional fields."""

from __future__ import annotations

import re
from typing import Any

from earmark.integrations.catalog_sources import BookMetadata
from earmark.integrations.catalog_sources.html_text import strip_html
from earmark.integrations.catalog_sources.vendor_json import clean_text, person_names

MAX_GENRES = 5
_COVER_SIZES = ("500", "1024", "720", "408", "252")


def _series_entry(product: dict[str, Any]) -> dict[str, Any]:
    entries = [s for s in product.get("series") or [] if isinstance(s, dict) and s.get("title")]
    if not entries:
        return {}
    # Omnibus listings name several series; the one with a position is the book's own.
    return next((s for s in entries if clean_text(s.get("sequence"))), entries[0])


def _rating(product: dict[str, Any]) -> float | None:
    overall = (product.get("rating") or {}).get("overall_distribution") or {}
    for key in ("display_average_rating", "display_stars", "average_rating"):
        try:
            value = float(overall[key])
        except (KeyError, TypeError, ValueError):
            continue
        return round(value, 2)
    return None


def genres_of_ladders(ladders: Any) -> tuple[str, ...]:
    names: list[str] = []
    for ladder in ladders if isinstance(ladders, list) else []:
        for rung in (ladder or {}).get("ladder") or []:
            name = clean_text((rung or {}).get("name"))
            if name and name not in names:
                names.append(name)
    return tuple(names[:MAX_GENRES])


def _cover(product: dict[str, Any]) -> str | None:
    images = product.get("product_images")
    if not isinstance(images, dict):
        return None
    return next((images[size] for size in _COVER_SIZES if clean_text(images.get(size))), None)


def _minutes(value: Any) -> int | None:
    return value if isinstance(value, int) and value > 0 else None


def series_position(sequence: str | None) -> str | None:
    """The first number of a sequence such as "Book 3" or "2.5", as text."""
    if not sequence:
        return None
    match = re.search(r"\d+(?:\.\d+)?", sequence)
    return match.group(0) if match else sequence


def product_to_book(product: dict[str, Any], region: str | None = None) -> BookMetadata | None:
    """None when the product has no ASIN or title (Audible's stub for unknown ASINs); `region`
    is the marketplace the product was read from."""
    asin, title = clean_text(product.get("asin")), clean_text(product.get("title"))
    if not asin or not title:
        return None
    series = _series_entry(product)
    description = strip_html(product.get("publisher_summary")) or strip_html(
        product.get("merchandising_summary")
    )
    return BookMetadata(
        asin=asin,
        title=title,
        subtitle=clean_text(product.get("subtitle")),
        authors=person_names(product.get("authors")),
        narrators=person_names(product.get("narrators")),
        series=clean_text(series.get("title")),
        series_position=series_position(clean_text(series.get("sequence"))),
        series_asin=clean_text(series.get("asin")),
        description=description,
        duration_minutes=_minutes(product.get("runtime_length_min")),
        release_date=clean_text(product.get("release_date")),
        rating=_rating(product),
        genres=genres_of_ladders(product.get("category_ladders")),
        cover_url=_cover(product),
        language=clean_text(product.get("language")),
        region=region,
    )
