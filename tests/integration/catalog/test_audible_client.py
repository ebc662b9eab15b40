"""Our Audible + Audnexus adapters against the contract-faithful fake over real HTTP."""

from __future__ import annotations

import httpx
import pytest

from earmark.integrations.catalog_sources.audible.api import AudibleApi
from earmark.integrations.catalog_sources.audible.client import AudibleCatalog
from earmark.integrations.catalog_sources.audible.settings import AudibleSettings
from earmark.integrations.errors import ApiChanged, NotFoundUpstream, Unreachable
from tests.fakes.audible_fixtures import RunningFake, quick_retry


def _product(fake: RunningFake, index: int) -> dict:
    return fake.app.state.products[index].audible


def test_search_pages_are_distinct_and_sent_zero_based(
    audible_source: AudibleCatalog, audible_fake: RunningFake
) -> None:
    first = audible_source.search("the", 1, 20)
    second = audible_source.search("the", 2, 20)
    assert first.total_results == 300
    assert first.has_more and len(first.items) == 20
    assert not {b.asin for b in first.items} & {b.asin for b in second.items}
    assert any("page=0" in r for r in audible_fake.controls.requests)
    assert any("page=1" in r for r in audible_fake.controls.requests)


def test_search_by_non_ascii_author_finds_their_books(
    audible_source: AudibleCatalog, audible_fake: RunningFake
) -> None:
    asin, author = next(
        (p.asin, a["name"])
        for p in audible_fake.app.state.products
        for a in p.audible["authors"]
        if not a["name"].isascii()
    )
    found = audible_source.search(author, 1, 50)
    assert asin in {b.asin for b in found.items}
    for book in found.items:
        people = " ".join(book.authors + book.narrators + (book.title,)).casefold()
        assert all(word.casefold() in people for word in author.split())


def test_search_last_page_reports_no_more(audible_source: AudibleCatalog) -> None:
    page = audible_source.search("the", 15, 20)
    assert len(page.items) == 20 and not page.has_more


def test_details_maps_series_people_and_strips_html(
    audible_source: AudibleCatalog, audible_fake: RunningFake
) -> None:
    product = _product(audible_fake, 3)  # index 3: series, subtitle, HTML summary
    book = audible_source.details(product["asin"])
    assert book.title == product["title"]
    assert book.subtitle == product["subtitle"]
    assert book.authors == tuple(a["name"] for a in product["authors"])
    assert book.narrators == tuple(n["name"] for n in product["narrators"])
    assert book.series == product["series"][0]["title"]
    assert book.series_position and book.series_position[0].isdigit()
    assert book.description and "<" not in book.description and "alert" not in book.description
    assert "&" in book.description  # entities decoded, not dropped
    assert book.duration_minutes == product["runtime_length_min"]
    assert book.cover_url and book.cover_url.endswith("._SL500_.jpg")


def test_details_keep_every_co_narrator(
    audible_source: AudibleCatalog, audible_fake: RunningFake
) -> None:
    book = audible_source.details(_product(audible_fake, 12)["asin"])
    assert len(book.narrators) == 3
    assert book.narrator == ", ".join(book.narrators)


def test_details_missing_genres_are_filled_from_audnexus(
    audible_source: AudibleCatalog, audible_fake: RunningFake
) -> None:
    product = _product(audible_fake, 6)  # index 6: Audible sends no category ladders
    assert product["category_ladders"] == []
    book = audible_source.details(product["asin"])
    assert len(book.genres) == 3
    assert any("region=us" in r for r in audible_fake.controls.requests if r.startswith("/books"))


def test_details_survive_audnexus_outage(
    audible_source: AudibleCatalog, audible_fake: RunningFake
) -> None:
    audible_fake.controls.audnexus_status = 500
    product = _product(audible_fake, 6)
    book = audible_source.details(product["asin"])
    assert book.title == product["title"]
    assert book.genres == ()


def test_details_unknown_asin_is_not_found(audible_source: AudibleCatalog) -> None:
    with pytest.raises(NotFoundUpstream):
        audible_source.details("B000000000")


def test_chart_best_sellers_follow_the_store_page_without_preorders_or_podcasts(
    audible_source: AudibleCatalog, audible_fake: RunningFake
) -> None:
    ranked = sorted(audible_fake.app.state.products, key=lambda p: p.bestseller_rank)
    page_two = audible_source.chart("popular", 2, 50)
    assert page_two.listed == tuple(p.asin for p in ranked[50:100])
    kept = [p.asin for p in ranked[50:100] if p.is_released_book]
    assert [b.asin for b in page_two.books] == kept
    assert len(kept) < 50  # the page listed pre-orders and podcasts, and they were dropped
    store_request = next(r for r in audible_fake.controls.requests if "adblbestsellers" in r)
    assert "page=2" in store_request and "pageSize=50" in store_request
    assert "ipRedirectOverride=true" in store_request
    assert any("asins=" in r for r in audible_fake.controls.requests)
    assert not any("products_sort_by=BestSellers" in r for r in audible_fake.controls.requests)


def test_new_releases_chart_drops_the_preorders_it_leads_with(
    audible_source: AudibleCatalog, audible_fake: RunningFake
) -> None:
    first = audible_source.chart("new_releases", 1, 50)
    products = {p.asin: p for p in audible_fake.app.state.products}
    assert not products[first.listed[0]].is_released_book  # the store leads with pre-orders
    assert first.books and all(products[b.asin].is_released_book for b in first.books)
    releases = [b.release_date or "" for b in first.books]
    assert releases == sorted(releases, reverse=True)
    assert "page=" not in next(r for r in audible_fake.controls.requests if "newreleases" in r)


def test_transient_errors_are_retried_with_backoff(
    audible_source: AudibleCatalog, audible_fake: RunningFake
) -> None:
    audible_fake.controls.queued_statuses.extend([503, 429])
    assert audible_source.chart("new_releases", 1, 10)
    assert len(audible_fake.sleeps) == 2


def test_persistent_server_error_is_unreachable_with_message(
    audible_source: AudibleCatalog, audible_fake: RunningFake
) -> None:
    audible_fake.controls.queued_statuses.extend([500] * 5)
    with pytest.raises(Unreachable, match="Audible: the server had an error"):
        audible_source.search("the", 1, 10)


def test_cover_download_checks_type_and_size(
    audible_source: AudibleCatalog, audible_fake: RunningFake
) -> None:
    url = f"{audible_fake.url}/images/I/{audible_fake.app.state.products[0].asin}._SL500_.jpg"
    image = audible_source.fetch_cover(url, 10_000)
    assert image.content_type == "image/jpeg" and image.data.startswith(b"\xff\xd8")
    with pytest.raises(ApiChanged, match="larger than"):
        audible_source.fetch_cover(url, 100)
    audible_fake.controls.cover_content_type = "text/html"
    with pytest.raises(ApiChanged, match="not an image"):
        audible_source.fetch_cover(url, 10_000)


def test_unreachable_host_reports_cannot_connect() -> None:
    with httpx.Client(timeout=2.0) as http:
        settings = AudibleSettings(api_url="http://127.0.0.1:9")
        source = AudibleCatalog(AudibleApi(http, settings, quick_retry([], attempts=1)))
        report = source.test()
    assert not report.ok and "cannot connect" in report.message


def test_connection_test_reports_catalog_size(audible_source: AudibleCatalog) -> None:
    report = audible_source.test()
    assert report.ok and report.details["total_results"] == 300


def test_fake_catalog_answers_every_sort_in_the_same_order(audible_fake: RunningFake) -> None:
    """Like the real API (BestSellers is not honoured), the fake rewards no sort parameter."""
    orders = []
    for sort in ("BestSellers", "-ReleaseDate", "Relevance"):
        params = {"num_results": 50, "page": 0, "products_sort_by": sort}
        answer = httpx.get(f"{audible_fake.url}/1.0/catalog/products", params=params).json()
        orders.append([p["asin"] for p in answer["products"]])
    assert orders[0] == orders[1] == orders[2]
    ranked = sorted(audible_fake.app.state.products, key=lambda p: p.bestseller_rank)
    assert orders[0] != [p.asin for p in ranked[:50]]
