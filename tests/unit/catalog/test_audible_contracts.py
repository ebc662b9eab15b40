"""The Audible parsers on the contract samples in tests/contracts/audible (see its README)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from earmark.demo.fakes.audible_products import generate_products
from earmark.integrations.catalog_sources.audible.chart_page import ChartEntry, parse_chart_page
from earmark.integrations.catalog_sources.audible.eligibility import (
    belongs_on_chart,
    is_book,
    is_preorder,
)
from earmark.integrations.catalog_sources.audible.mapping import product_to_book

SAMPLES = Path(__file__).parents[2] / "contracts" / "audible"
TODAY = date(2026, 12, 6)


def _products() -> dict[str, dict[str, Any]]:
    body = json.loads((SAMPLES / "catalog_products_by_asins.json").read_text())
    return {p["asin"]: p for p in body["products"]}


def test_chart_page_entries_in_rank_order_with_titles() -> None:
    html = (SAMPLES / "bestsellers_page.html").read_text()
    assert parse_chart_page(html) == [
        ChartEntry("B08G9PRS1K", "Project Hail Mary"),  # ASIN from the buy box's data-asin
        ChartEntry("B0DSXFGW5L", "Onyx Storm"),  # no data-asin: from the /pd/ link
        ChartEntry("B0CX8MLJ1Q", "The Rest Is History"),  # an /ac/ link, title over two lines
    ]


def test_chart_page_without_entries_is_empty() -> None:
    assert parse_chart_page("<html><body><p>No results</p></body></html>") == []


def test_a_repeated_entry_keeps_its_first_rank() -> None:
    html = (SAMPLES / "bestsellers_page.html").read_text()
    first = html.index('<li class="bc-list-item productListItem"')
    second = html.index('<li class="bc-list-item productListItem"', first + 1)
    doubled = html[:second] + html[first:second] + html[second:]
    assert [e.asin for e in parse_chart_page(doubled)][:2] == ["B08G9PRS1K", "B0DSXFGW5L"]


@pytest.mark.parametrize(
    ("asin", "book", "preorder", "on_chart"),
    [
        ("B08G9PRS1K", True, False, True),  # released single-part book
        ("B0DSXFGW5L", True, True, False),  # pre-order (flag and future dates)
        ("B0CX8MLJ1Q", False, False, False),  # podcast show
    ],
)
def test_catalog_products_are_sorted_into_books_and_preorders(
    asin: str, book: bool, preorder: bool, on_chart: bool
) -> None:
    product = _products()[asin]
    assert (is_book(product), is_preorder(product, TODAY)) == (book, preorder)
    assert belongs_on_chart(product, TODAY) is on_chart


def test_a_future_release_date_alone_makes_a_preorder() -> None:
    product = {**_products()["B08G9PRS1K"], "release_date": "2027-01-05"}
    assert is_preorder(product, TODAY)
    assert not is_preorder({**product, "release_date": "2026-12-06"}, TODAY)


def test_without_a_delivery_type_the_content_type_decides() -> None:
    assert is_book({"content_type": "Product"})
    assert not is_book({"content_type": "Podcast"})
    assert is_book({"asin": "B000000001"})  # nothing says otherwise


def test_hollow_echo_of_an_unknown_asin_maps_to_no_book() -> None:
    assert product_to_book(_products()["B000000001"]) is None
    book = product_to_book(_products()["B0DSXFGW5L"])
    assert book is not None and book.narrators == ("Rebecca Soler", "Teddy Hamilton")


def test_a_german_marketplace_product_maps_with_its_language_and_region() -> None:
    body = json.loads((SAMPLES / "catalog_product_de.json").read_text())
    book = product_to_book(body["product"], "de")
    assert book is not None
    assert (book.asin, book.title, book.subtitle) == ("3844925585", "Der Astronaut", "Roman")
    assert (book.language, book.region, book.release_date) == ("german", "de", "2021-09-13")
    assert book.narrators == ("Richard Barenberg",)
    assert book.description is not None and book.description.startswith(
        "Ryland Grace erwacht allein an Bord eines Raumschiffs \u2013 und weiß nicht mehr"
    )
    assert book.genres == ("Science-Fiction & Fantasy", "Science-Fiction")


def test_the_fakes_german_products_have_the_samples_shape() -> None:
    """The fake answers the German host with fields of the sample's names and types."""
    sample = json.loads((SAMPLES / "catalog_product_de.json").read_text())["product"]
    (german, *_) = [
        p.audible for p in generate_products(20, region="de") if p.audible["language"] == "german"
    ]
    for name, value in german.items():
        assert name in sample, name
        assert isinstance(value, type(sample[name])), name
