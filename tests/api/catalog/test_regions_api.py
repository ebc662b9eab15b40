"""Audible regions end to end: a search's own region, details and requests in the region a book
came from (Audible host and Audnexus `region` alike), the region kept in the search page's URL."""

from __future__ import annotations

from fastapi.testclient import TestClient

from earmark.catalog.repository import row_by_asin
from earmark.requests.models import Audiobook
from earmark.search.configured import ranking_profile
from earmark.search.service import profile_for
from earmark.wiring import Services
from tests.fakes.audible_fixtures import RunningFake
from tests.support import SignedIn, make_user

GERMAN_HEADS = ("Das Erbe", "Die Stimme", "Der Schatten", "Das Lied", "Die Spur")


def _alice(client: TestClient, services: Services) -> SignedIn:
    return make_user(services, client.app, "alice")  # type: ignore[arg-type]


def _german_book(fake: RunningFake) -> dict[str, object]:
    return next(
        p.audible
        for p in fake.app.state.catalogs["de"]
        if p.audible["language"] == "german" and p.audnexus is not None
    )


def _hosts(fake: RunningFake) -> set[str]:
    return {r.split("/")[1] for r in fake.controls.requests if r.startswith("/api.audible.")}


def test_search_in_region_de_answers_german_editions_from_the_german_store(
    client: TestClient, services: Services, audible_fake: RunningFake
) -> None:
    headers = _alice(client, services).headers
    found = client.get("/api/catalog/search?q=stimme&region=de", headers=headers)
    assert found.status_code == 200
    body = found.json()
    assert body["region"] == "de" and body["items"]
    assert all(item["region"] == "de" for item in body["items"])
    assert all(item["title"].startswith(GERMAN_HEADS) for item in body["items"])
    assert {item["language"] for item in body["items"]} == {"german"}
    assert _hosts(audible_fake) == {"api.audible.de"}
    german_asins = {p.asin for p in audible_fake.app.state.catalogs["de"]}
    assert {item["asin"] for item in body["items"]} <= german_asins
    assert not german_asins & {p.asin for p in audible_fake.app.state.products}


def test_search_defaults_to_the_setting_and_refuses_an_unknown_region(
    client: TestClient, services: Services, audible_fake: RunningFake
) -> None:
    headers = _alice(client, services).headers
    services.config.set("system.audible_region", "fr")
    body = client.get("/api/catalog/search?q=la", headers=headers).json()
    assert body["region"] == "fr" and _hosts(audible_fake) == {"api.audible.fr"}
    refused = client.get("/api/catalog/search?q=la&region=mars", headers=headers)
    assert refused.status_code == 400
    assert "us, uk, ca, au, de, fr, in, it, es, jp" in refused.json()["message"]


def test_details_are_looked_up_in_the_region_asked_for_audnexus_too(
    client: TestClient, services: Services, audible_fake: RunningFake
) -> None:
    headers = _alice(client, services).headers
    book = _german_book(audible_fake)
    asin = book["asin"]
    # In the configured (US) store the German edition does not exist.
    assert client.get(f"/api/catalog/books/{asin}", headers=headers).status_code == 404
    audible_fake.controls.requests.clear()
    details = client.get(f"/api/catalog/books/{asin}?region=de", headers=headers)
    assert details.status_code == 200
    assert details.json()["title"] == book["title"]
    assert details.json()["language"] == "german" and details.json()["region"] == "de"
    assert _hosts(audible_fake) == {"api.audible.de"}
    assert f"/books/{asin}?region=de" in audible_fake.controls.requests


def test_a_book_requested_from_a_german_search_is_cached_with_its_region_and_language(
    client: TestClient, services: Services, audible_fake: RunningFake
) -> None:
    headers = _alice(client, services).headers
    book = _german_book(audible_fake)
    asin = str(book["asin"])
    created = client.post("/api/requests", json={"asin": asin, "region": "de"}, headers=headers)
    assert created.status_code == 201, created.text
    with services.sessions() as session:
        row = row_by_asin(session, asin)
        assert row is not None and (row.region, row.language) == ("de", "german")
        audiobook = session.query(Audiobook).filter_by(audible_asin=asin).one()
        assert profile_for(session, audiobook).language == "german"
    # Later lookups without a region ask the region the cached copy came from.
    audible_fake.controls.requests.clear()
    assert client.get(f"/api/catalog/books/{asin}", headers=headers).status_code == 200
    assert _hosts(audible_fake) == {"api.audible.de"}
    assert f"/books/{asin}?region=de" in audible_fake.controls.requests


def test_a_request_with_an_unknown_region_is_refused(
    client: TestClient, services: Services, audible_fake: RunningFake
) -> None:
    headers = _alice(client, services).headers
    asin = _german_book(audible_fake)["asin"]
    refused = client.post("/api/requests", json={"asin": asin, "region": "xx"}, headers=headers)
    assert refused.status_code == 400


def test_the_wanted_language_follows_the_region_unless_set(services: Services) -> None:
    assert ranking_profile(services.config).wanted_language == "en"
    services.config.set("system.audible_region", "de")
    assert ranking_profile(services.config).wanted_language == "de"
    services.config.set("system.audible_region", "jp")
    assert ranking_profile(services.config).wanted_language == "ja"
    services.config.set("ranking.wanted_language", "French")
    assert ranking_profile(services.config).wanted_language == "fr"


def test_search_page_keeps_a_chosen_region_in_the_address(
    client: TestClient, services: Services, audible_fake: RunningFake
) -> None:
    signed = _alice(client, services)
    page_headers = {
        **signed.headers,
        "HX-Request": "true",
        "HX-Current-URL": "http://testserver/search?q=stimme",
    }
    partial = client.get("/partials/search?q=stimme&region=de", headers=page_headers)
    assert partial.status_code == 200
    assert partial.headers["HX-Replace-Url"] == "/search?q=stimme&region=de"
    assert "Die Stimme" in partial.text
    assert 'hx-get="/partials/books/' in partial.text and "?region=de" in partial.text
    # The configured region is the select's empty value: only the query stays in the address.
    default = client.get("/partials/search?q=the&region=", headers=page_headers)
    assert default.headers["HX-Replace-Url"] == "/search?q=the"
    full = client.get("/search?q=stimme&region=de", headers=signed.headers)
    assert '<option value="de" selected>' in full.text
    assert '<option value="" >United States (www.audible.com)</option>' in full.text
