"""Series answers parsed from samples in the catalog API's shapes: children of a series product,
the catalog's sequence quirks and the reading order; the book's own series ASIN."""

from __future__ import annotations

from earmark.integrations.catalog_sources import BookMetadata
from earmark.integrations.catalog_sources.audible.mapping import product_to_book
from earmark.integrations.catalog_sources.audible.series import series_children
from earmark.integrations.catalog_sources.audnexus.client import record_to_book
from earmark.integrations.catalog_sources.series import (
    SeriesEntry,
    reading_order,
    sequence_number,
)

# A series product with `response_groups=relationships`, trimmed from a real answer's shape.
SERIES_PRODUCT = {
    "asin": "B07CM5ZDJL",
    "title": "The Expanse",
    "content_delivery_type": "BookSeries",
    "relationships": [
        {
            "asin": "B073H9PF2D",
            "relationship_to_product": "child",
            "relationship_type": "series",
            "sequence": "1",
            "sort": "1",
        },
        {
            "asin": "B0DUPLICAT",
            "relationship_to_product": "child",
            "relationship_type": "series",
            "sequence": "2",
            "sort": "2",
        },
        {
            "asin": "B0DUPLICAT",
            "relationship_to_product": "child",
            "relationship_type": "series",
            "sequence": "2",
            "sort": "2",
        },
        {
            "asin": "B0NOSEQNCE",
            "relationship_to_product": "child",
            "relationship_type": "series",
            "sort": "3",
        },
        {"asin": "B0PARENTXX", "relationship_to_product": "parent", "relationship_type": "series"},
        {"asin": "B0EPISODEX", "relationship_to_product": "child", "relationship_type": "episode"},
        "garbage",
    ],
}


def test_series_children_keeps_series_children_once_in_listing_order() -> None:
    assert series_children(SERIES_PRODUCT) == [
        ("B073H9PF2D", "1"),
        ("B0DUPLICAT", "2"),
        ("B0NOSEQNCE", None),
    ]
    assert series_children({"asin": "B0NORELATE"}) == []


def test_sequence_number_reads_the_catalog_quirks() -> None:
    assert sequence_number("1") == 1.0
    assert sequence_number("1.5") == 1.5
    assert sequence_number("Book 2") == 2.0
    assert sequence_number("Books 1-3") == 1.0
    assert sequence_number("Prequel") is None
    assert sequence_number(None) is None


def _entry(asin: str, sequence: str | None, released: str) -> SeriesEntry:
    return SeriesEntry(BookMetadata(asin=asin, title=asin, release_date=released), sequence)


def test_reading_order_numbers_first_then_unnumbered_by_release() -> None:
    entries = [
        _entry("COMPANION", None, "2023-01-01"),
        _entry("TWO", "Book 2", "2020-01-01"),
        _entry("PREQUEL", "Prequel", "2010-01-01"),
        _entry("NOVELLA", "1.5", "2019-06-01"),
        _entry("ONE", "1", "2019-01-01"),
    ]
    assert [e.book.asin for e in reading_order(entries)] == [
        "ONE",
        "NOVELLA",
        "TWO",
        "PREQUEL",
        "COMPANION",
    ]


def test_books_carry_their_series_asin_from_audible_and_audnexus() -> None:
    product = {
        "asin": "B073H9PF2D",
        "title": "Leviathan Wakes",
        "series": [
            {"asin": "B07CM5ZDJL", "title": "The Expanse", "sequence": "Book 1", "url": "/pd/x"}
        ],
    }
    book = product_to_book(product)
    assert book is not None
    assert (book.series, book.series_position, book.series_asin) == (
        "The Expanse",
        "1",
        "B07CM5ZDJL",
    )
    record = {
        "asin": "B073H9PF2D",
        "title": "Leviathan Wakes",
        "seriesPrimary": {"asin": "B07CM5ZDJL", "name": "The Expanse", "position": "1"},
    }
    assert record_to_book(record).series_asin == "B07CM5ZDJL"
