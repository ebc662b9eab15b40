"""Our Audible + Audnexus adapters for a non-US marketplace, against the fake over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from earmark.integrations.catalog_sources.audible.api import AudibleApi
from earmark.integrations.catalog_sources.audible.client import AudibleCatalog
from earmark.integrations.catalog_sources.audible.settings import AudibleSettings
from earmark.integrations.catalog_sources.audnexus.api import AudnexusApi
from earmark.integrations.catalog_sources.audnexus.client import AudnexusClient
from earmark.integrations.catalog_sources.audnexus.settings import AudnexusSettings
from earmark.integrations.errors import NotFoundUpstream
from tests.fakes.audible_fixtures import RunningFake, quick_retry


@pytest.fixture
def german_source(audible_fake: RunningFake) -> Iterator[AudibleCatalog]:
    retry = quick_retry(audible_fake.sleeps)
    with httpx.Client(timeout=5.0) as http:
        api = AudibleApi(http, AudibleSettings(region="de", api_url=audible_fake.url), retry)
        audnexus = AudnexusSettings(base_url=audible_fake.url, region="de")
        yield AudibleCatalog(api, AudnexusClient(AudnexusApi(http, audnexus, retry)))


def test_the_german_chart_is_read_from_the_german_store(
    german_source: AudibleCatalog, audible_fake: RunningFake
) -> None:
    page = german_source.chart("popular", 1, 20)
    german_asins = {p.asin for p in audible_fake.app.state.catalogs["de"]}
    assert page.books and {b.asin for b in page.books} <= german_asins
    assert {b.region for b in page.books} == {"de"}
    assert "german" in {b.language for b in page.books}
    assert any(
        r.startswith("/www.audible.de/adblbestsellers?") for r in audible_fake.controls.requests
    )
    assert any(
        r.startswith("/api.audible.de/1.0/catalog/products?")
        for r in audible_fake.controls.requests
    )


def test_german_details_are_enriched_by_audnexus_for_the_german_region(
    german_source: AudibleCatalog, audible_fake: RunningFake
) -> None:
    product = next(
        p
        for p in audible_fake.app.state.catalogs["de"]
        if p.audnexus and p.audible["language"] == "german"
    )
    book = german_source.details(product.asin)
    assert (book.title, book.language, book.region) == (product.audible["title"], "german", "de")
    assert book.release_date == product.audible["release_date"]
    assert f"/books/{product.asin}?region=de" in audible_fake.controls.requests


def test_a_us_asin_is_unknown_in_the_german_store(
    german_source: AudibleCatalog, audible_fake: RunningFake
) -> None:
    us_asin = audible_fake.app.state.products[0].asin
    with pytest.raises(NotFoundUpstream, match="Audible region 'de'"):
        german_source.details(us_asin)
