"""Vendor JSON to BookMetadata: optional fields, series choice, ratings, genres, HTML."""

from __future__ import annotations

import pytest

from earmark.integrations.catalog_sources import BookMetadata
from earmark.integrations.catalog_sources.audible.client import fill_missing
from earmark.integrations.catalog_sources.audible.mapping import product_to_book, series_position
from earmark.integrations.catalog_sources.audible.settings import (
    MARKETPLACES,
    AudibleSettings,
    marketplace,
)
from earmark.integrations.catalog_sources.audnexus.client import record_to_book
from earmark.integrations.catalog_sources.html_text import strip_html
from earmark.integrations.errors import ApiChanged


def test_product_to_book_stub_without_title_is_none() -> None:
    assert product_to_book({"asin": "B000000000"}) is None


def test_product_to_book_minimal_product_has_empty_optionals() -> None:
    book = product_to_book({"asin": "B012345678", "title": " Dune "})
    assert book == BookMetadata(asin="B012345678", title="Dune")
    assert book.author == "" and book.narrator is None


def test_product_to_book_picks_series_with_a_sequence_and_first_number() -> None:
    book = product_to_book(
        {
            "asin": "B012345678",
            "title": "Omnibus",
            "series": [{"title": "Box Sets"}, {"title": "The Expanse", "sequence": "Book 3.5"}],
            "rating": {"overall_distribution": {"display_average_rating": "4.66"}},
            "category_ladders": [
                {"ladder": [{"name": "Sci-Fi"}, {"name": "Space Opera"}]},
                {"ladder": [{"name": "Sci-Fi"}, {"name": "Military"}]},
            ],
            "product_images": {"500": "https://m.media-amazon.com/images/I/x._SL500_.jpg"},
            "runtime_length_min": 0,
        }
    )
    assert book is not None
    assert (book.series, book.series_position) == ("The Expanse", "3.5")
    assert book.rating == 4.66
    assert book.genres == ("Sci-Fi", "Space Opera", "Military")
    assert book.duration_minutes is None
    assert book.cover_url and book.cover_url.endswith("_SL500_.jpg")


def test_series_position_without_number_keeps_text() -> None:
    assert series_position("Prequel") == "Prequel"
    assert series_position(None) is None


def test_strip_html_drops_scripts_and_decodes_entities() -> None:
    text = strip_html(
        "<p>Fish &amp; chips</p><script>steal()</script><p>Caf&eacute;<br>au lait</p>"
    )
    assert text == "Fish & chips\n\nCafé\nau lait"
    assert strip_html("<p> </p>") is None
    assert strip_html(None) is None


def test_strip_html_keeps_angle_brackets_as_text_not_markup() -> None:
    assert strip_html("a &lt;b&gt; c") == "a <b> c"


def test_record_to_book_maps_audnexus_fields() -> None:
    book = record_to_book(
        {
            "asin": "B012345678",
            "title": "Élan",
            "authors": [{"asin": "B0AUTHOR01", "name": "Zoë Brontë"}],
            "seriesPrimary": {"name": "Saga", "position": "2"},
            "genres": [{"name": "Tag One", "type": "tag"}, {"name": "Fantasy", "type": "genre"}],
            "releaseDate": "2021-05-04T00:00:00.000Z",
            "rating": "4.5",
            "summary": "<p>Hello</p>",
        }
    )
    assert book.authors == ("Zoë Brontë",)
    assert (book.series, book.series_position) == ("Saga", "2")
    assert book.genres == ("Fantasy", "Tag One")
    assert book.release_date == "2021-05-04" and book.rating == 4.5
    assert book.description == "Hello"


def test_record_to_book_without_title_is_api_changed() -> None:
    with pytest.raises(ApiChanged):
        record_to_book({"asin": "B012345678"})


def test_fill_missing_keeps_audible_values_and_fills_gaps() -> None:
    audible = BookMetadata(asin="B012345678", title="A", rating=4.0)
    extra = BookMetadata(asin="B012345678", title="B", rating=3.0, genres=("Fantasy",))
    merged = fill_missing(audible, extra)
    assert (merged.title, merged.rating, merged.genres) == ("A", 4.0, ("Fantasy",))


@pytest.mark.parametrize(
    ("region", "host"),
    [("us", "api.audible.com"), ("uk", "api.audible.co.uk"), ("JP", "api.audible.co.jp")],
)
def test_audible_settings_region_picks_api_host(region: str, host: str) -> None:
    assert AudibleSettings(region=region).base_url == f"https://{host}"


def test_audible_settings_override_addresses_each_region_host_on_the_stand_in() -> None:
    settings = AudibleSettings(region="de", api_url="http://127.0.0.1:9999/")
    assert settings.base_url == "http://127.0.0.1:9999/api.audible.de"
    assert settings.store_url == "http://127.0.0.1:9999/www.audible.de"
    assert settings.site_url == "https://www.audible.de"


@pytest.mark.parametrize(
    ("region", "api_host", "web_host", "language"),
    [
        ("us", "api.audible.com", "www.audible.com", "English"),
        ("ca", "api.audible.ca", "www.audible.ca", "English"),
        ("uk", "api.audible.co.uk", "www.audible.co.uk", "English"),
        ("au", "api.audible.com.au", "www.audible.com.au", "English"),
        ("in", "api.audible.in", "www.audible.in", "English"),
        ("de", "api.audible.de", "www.audible.de", "German"),
        ("fr", "api.audible.fr", "www.audible.fr", "French"),
        ("it", "api.audible.it", "www.audible.it", "Italian"),
        ("es", "api.audible.es", "www.audible.es", "Spanish"),
        ("jp", "api.audible.co.jp", "www.audible.co.jp", "Japanese"),
    ],
)
def test_each_marketplace_has_its_hosts_and_language(
    region: str, api_host: str, web_host: str, language: str
) -> None:
    store = marketplace(region.upper())
    assert (store.code, store.api_host, store.web_host, store.language) == (
        region,
        api_host,
        web_host,
        language,
    )
    assert set(MARKETPLACES) == {"us", "ca", "uk", "au", "in", "de", "fr", "it", "es", "jp"}


def test_audible_settings_unknown_region_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown Audible region"):
        AudibleSettings(region="mars")
