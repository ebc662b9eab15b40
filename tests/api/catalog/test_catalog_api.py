"""Catalog routes end to end: charts from the cache, live search/details, request states, covers."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from earmark.catalog.covers import ThumbnailStore
from earmark.catalog.refresh import RefreshOptions, refresh_catalog
from earmark.db.engine import transaction
from earmark.demo.fakes.cover_art import cover_png
from earmark.integrations.catalog_sources.audible.client import AudibleCatalog
from earmark.requests.models import Audiobook, Request
from earmark.settings_store.catalogue import SystemSettings
from earmark.settings_store.errors import InvalidSettingValue
from earmark.users.models import User
from earmark.wiring import Services
from tests.fakes.audible_fixtures import RunningFake
from tests.support import SignedIn, make_user


class QuietLog:
    def info(self, message: str, **metadata: object) -> None: ...
    def warn(self, message: str, **metadata: object) -> None: ...
    def error(self, message: str, **metadata: object) -> None: ...


def _refresh(services: Services, source: AudibleCatalog, list_size: int = 50) -> None:
    options = RefreshOptions(list_size=list_size, pause=lambda _: None)
    thumbnails = ThumbnailStore(services.settings.thumbnails_dir)
    refresh_catalog(
        services.sessions, thumbnails, QuietLog(), source, options, now=services.clock.now()
    )


def _request(services: Services, user: User, asin: str, status: str) -> None:
    with transaction(services.sessions) as session:
        book = Audiobook(audible_asin=asin, title="t", author="a")
        session.add(book)
        session.flush()
        session.add(Request(user_id=user.id, audiobook_id=book.id, status=status))


def _alice(client: TestClient, services: Services) -> SignedIn:
    return make_user(services, client.app, "alice")  # type: ignore[arg-type]


def test_catalog_routes_require_sign_in(client: TestClient) -> None:
    for path in (
        "/api/catalog/popular",
        "/api/catalog/search?q=x",
        "/api/catalog/books/B000000000",
    ):
        assert client.get(path).status_code == 401


def test_popular_pages_follow_rank_with_totals(
    client: TestClient, services: Services, audible_source: AudibleCatalog
) -> None:
    _refresh(services, audible_source, list_size=200)
    alice = _alice(client, services)
    first = client.get("/api/catalog/popular?page=1&limit=30", headers=alice.headers).json()
    last = client.get("/api/catalog/popular?page=7&limit=30", headers=alice.headers).json()
    assert [b["popular_rank"] for b in first["items"]] == list(range(1, 31))
    assert first["total"] == 200 and first["total_pages"] == 7 and first["has_more"]
    assert len(last["items"]) == 20 and not last["has_more"]
    assert first["last_synced_at"]


def test_new_releases_empty_cache_explains_what_to_do(
    client: TestClient, services: Services
) -> None:
    body = client.get("/api/catalog/new-releases", headers=_alice(client, services).headers).json()
    assert body["items"] == [] and "Audible Data Refresh" in body["message"]


def test_chart_paging_out_of_range_is_400(client: TestClient, services: Services) -> None:
    headers = _alice(client, services).headers
    for query in ("page=0", "limit=0", "limit=101"):
        response = client.get(f"/api/catalog/popular?{query}", headers=headers)
        assert response.status_code == 400, query


def test_items_carry_the_callers_request_state(
    client: TestClient, services: Services, audible_source: AudibleCatalog
) -> None:
    _refresh(services, audible_source)
    alice, bob = _alice(client, services), make_user(services, client.app, "bob")  # type: ignore[arg-type]
    items = client.get("/api/catalog/popular?limit=4", headers=alice.headers).json()["items"]
    mine, theirs, shelved = items[0]["asin"], items[1]["asin"], items[2]["asin"]
    _request(services, alice.user, mine, "downloading")
    _request(services, bob.user, theirs, "pending")
    _request(services, bob.user, shelved, "available")
    states = {
        b["asin"]: b["request_state"]
        for b in client.get("/api/catalog/popular?limit=4", headers=alice.headers).json()["items"]
    }
    assert states[mine]["state"] == "requested_by_you"
    assert states[mine]["request_status"] == "downloading"
    assert states[theirs]["state"] == "requested_by_other"
    assert states[shelved]["state"] == "available"
    assert states[items[3]["asin"]]["state"] == "none"
    bob_view = client.get(f"/api/catalog/books/{mine}", headers=bob.headers).json()
    assert bob_view["request_state"]["state"] == "requested_by_other"


def test_search_returns_results_and_rejects_empty_query(
    client: TestClient, services: Services
) -> None:
    headers = _alice(client, services).headers
    body = client.get("/api/catalog/search?q=the&page=2", headers=headers).json()
    assert body["page"] == 2 and len(body["items"]) == 20 and body["total_results"] == 300
    empty = client.get("/api/catalog/search?q=%20", headers=headers)
    assert empty.status_code == 400 and "search" in empty.json()["message"]


def test_details_bad_unknown_and_known_asins(
    client: TestClient, services: Services, audible_fake: RunningFake
) -> None:
    headers = _alice(client, services).headers
    assert client.get("/api/catalog/books/short", headers=headers).status_code == 400
    assert client.get("/api/catalog/books/B0%2F..%2F123", headers=headers).status_code in (400, 404)
    missing = client.get("/api/catalog/books/B000000000", headers=headers)
    assert missing.status_code == 404 and "B000000000" in missing.json()["message"]
    product = audible_fake.app.state.products[3].audible
    book = client.get(f"/api/catalog/books/{product['asin'].lower()}", headers=headers).json()
    assert book["title"] == product["title"] and book["asin"] == product["asin"]


def test_upstream_failure_is_502_with_a_clear_message(
    client: TestClient, services: Services, audible_fake: RunningFake
) -> None:
    headers = _alice(client, services).headers
    audible_fake.controls.queued_statuses.extend([500] * 6)
    search = client.get("/api/catalog/search?q=the", headers=headers)
    details = client.get("/api/catalog/books/B000000001", headers=headers)
    for response in (search, details):
        assert response.status_code == 502
        assert response.json()["message"].startswith("Audible: the server had an error")


def test_details_fall_back_to_cache_when_audible_is_down(
    client: TestClient,
    services: Services,
    audible_source: AudibleCatalog,
    audible_fake: RunningFake,
) -> None:
    _refresh(services, audible_source)
    headers = _alice(client, services).headers
    asin = client.get("/api/catalog/popular?limit=1", headers=headers).json()["items"][0]["asin"]
    audible_fake.controls.queued_statuses.extend([503] * 4)
    response = client.get(f"/api/catalog/books/{asin}", headers=headers)
    assert response.status_code == 200 and response.json()["asin"] == asin


def test_covers_serve_cached_thumbnail_with_cache_headers(
    client: TestClient, services: Services, audible_source: AudibleCatalog
) -> None:
    _refresh(services, audible_source)
    headers = _alice(client, services).headers
    item = next(
        b
        for b in client.get("/api/catalog/popular?limit=20", headers=headers).json()["items"]
        if (services.settings.thumbnails_dir / f"{b['asin']}.jpg").is_file()
    )
    assert item["cover_url"] == f"/api/covers/{item['asin']}"
    cover = client.get(item["cover_url"])  # public: the sign-in page shows covers too
    assert cover.status_code == 200 and cover.headers["content-type"] == "image/jpeg"
    assert cover.content.startswith(b"\xff\xd8")
    assert cover.headers["cache-control"] == "public, max-age=86400"
    again = client.get(item["cover_url"], headers={"If-None-Match": cover.headers["etag"]})
    assert again.status_code == 304


def test_covers_missing_falls_back_to_placeholder_and_bad_asin_is_400(client: TestClient) -> None:
    placeholder = client.get("/api/covers/B000000000")
    assert placeholder.status_code == 200
    assert placeholder.headers["content-type"].startswith("image/svg+xml")
    assert b"<svg" in placeholder.content
    assert client.get("/api/covers/..%2Fetc").status_code in (400, 404)
    assert client.get("/api/covers/nope").status_code == 400


def test_region_setting_reaches_audnexus_and_unknown_region_is_refused(
    client: TestClient, services: Services, audible_fake: RunningFake
) -> None:
    headers = _alice(client, services).headers
    services.config.set("system.audible_region", "uk")
    asin = audible_fake.app.state.catalogs["uk"][6].asin
    assert client.get(f"/api/catalog/books/{asin}", headers=headers).status_code == 200
    assert f"/books/{asin}?region=uk" in audible_fake.controls.requests
    assert any(
        r.startswith(f"/api.audible.co.uk/1.0/catalog/products/{asin}?")
        for r in audible_fake.controls.requests
    )
    with pytest.raises(InvalidSettingValue, match=r"system\.audible_region.*us, uk"):
        services.config.set("system.audible_region", "mars")
    assert services.config.section(SystemSettings).audible_region == "uk"


def test_a_png_cover_is_served_as_png(client: TestClient, services: Services) -> None:
    picture = cover_png("B0036UC5QY", "Foundation", "Isaac Asimov")
    ThumbnailStore(services.settings.thumbnails_dir).save("B0036UC5QY", picture)
    cover = client.get("/api/covers/B0036UC5QY")
    assert cover.status_code == 200 and cover.headers["content-type"] == "image/png"
    assert cover.content == picture
