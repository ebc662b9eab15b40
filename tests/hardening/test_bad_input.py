"""Bad input everywhere: oversize bodies, invalid ids, wrong types, hostile strings -> clear 4xx."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from earmark.requests.models import Audiobook, Request
from earmark.settings_store.catalogue import SETTINGS
from earmark.wiring import Services
from tests.support import SignedIn

HOSTILE_STRINGS = [
    "<script>alert('owned')</script>",
    "' OR '1'='1'; DROP TABLE requests; --",
    '"; DELETE FROM users WHERE "a"="a',
    "../../../../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "B00\x00NULBYTE",
    "\u202eevil\u202c name",
    "\U0001d518\u00e9\u4e66" * 3000,
]
MALFORMED_IDS = ["not-a-uuid", "1", "' OR 1=1 --", "..%2F..%2Fetc", "%00", "0" * 300]
ID_ROUTES = [
    ("GET", "/api/requests/{}"),
    ("POST", "/api/requests/{}/cancel"),
    ("POST", "/api/requests/{}/retry-search"),
    ("DELETE", "/api/requests/{}"),
    ("GET", "/api/admin/jobs/{}"),
    ("POST", "/api/admin/jobs/{}/retry"),
    ("PATCH", "/api/admin/users/{}"),
    ("DELETE", "/api/admin/users/{}"),
]
ONE_MIB = 1024 * 1024
# URLs have a length limit of their own (the client refuses longer ones), so queries get less.
QUERY_CHARS = 600


def _count_rows(services: Services) -> tuple[int, int]:
    with services.sessions() as session:
        books = session.scalar(select(func.count()).select_from(Audiobook)) or 0
        requests = session.scalar(select(func.count()).select_from(Request)) or 0
    return books, requests


def _assert_clear_client_error(response: object) -> None:
    status = getattr(response, "status_code", 0)
    assert 400 <= status < 500, f"{status}: {getattr(response, 'text', '')[:300]}"
    body = response.json()  # type: ignore[attr-defined]
    assert body["error"] and body["message"], body


def test_body_limit_oversize_json_is_413_with_message(client: TestClient, user: SignedIn) -> None:
    payload = b'{"asin": "' + b"B" * (ONE_MIB + 10) + b'"}'
    response = client.post(
        "/api/requests",
        content=payload,
        headers={**user.headers, "content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["error"] == "PayloadTooLarge"
    assert "1 MiB" in response.json()["message"]


def test_body_limit_oversize_chunked_stream_is_413(client: TestClient, user: SignedIn) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"asin": "'
        for _ in range(20):
            yield b"B" * 65536
        yield b'"}'

    response = client.post(
        "/api/requests",
        content=chunks(),
        headers={**user.headers, "content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["message"].startswith("The request body is larger")


def test_body_limit_body_under_limit_reaches_validation(client: TestClient, user: SignedIn) -> None:
    response = client.post("/api/requests", json={"asin": "B" * 1000}, headers=user.headers)
    assert response.status_code == 422
    assert "asin" in response.json()["message"]


@pytest.mark.parametrize("raw_id", MALFORMED_IDS)
def test_id_routes_malformed_uuid_is_422_with_message(
    client: TestClient, admin: SignedIn, raw_id: str
) -> None:
    for method, template in ID_ROUTES:
        response = client.request(
            method, template.format(raw_id), headers=admin.headers, json={"role": "user"}
        )
        assert response.status_code in (404, 422), f"{method} {template}: {response.status_code}"
        _assert_clear_client_error(response)


@pytest.mark.parametrize(
    "body",
    [{"asin": 123}, {"asin": ["B000HARDEN"]}, {"asin": None}, {}, [], "B000HARDEN", {"asin": {}}],
)
def test_create_request_wrong_types_are_422_and_store_nothing(
    client: TestClient, services: Services, user: SignedIn, catalog_book: str, body: object
) -> None:
    response = client.post("/api/requests", json=body, headers=user.headers)
    assert response.status_code == 422
    _assert_clear_client_error(response)
    assert _count_rows(services) == (0, 0)


def test_create_request_invalid_json_text_is_422(client: TestClient, user: SignedIn) -> None:
    response = client.post(
        "/api/requests",
        content=b"{asin: B000HARDEN",
        headers={**user.headers, "content-type": "application/json"},
    )
    assert response.status_code == 422
    _assert_clear_client_error(response)


@pytest.mark.parametrize("query", ["limit=abc", "limit=0", "limit=100000", "offset=-1", "mine=2"])
def test_list_requests_wrong_query_types_are_422(
    client: TestClient, user: SignedIn, query: str
) -> None:
    response = client.get(f"/api/requests?{query}", headers=user.headers)
    assert response.status_code == 422
    _assert_clear_client_error(response)


def test_create_request_hostile_asins_rejected_and_nothing_stored(
    client: TestClient, services: Services, user: SignedIn, catalog_book: str
) -> None:
    for hostile in HOSTILE_STRINGS:
        response = client.post("/api/requests", json={"asin": hostile}, headers=user.headers)
        _assert_clear_client_error(response)
    assert _count_rows(services) == (0, 0)


def test_request_search_hostile_queries_never_fail_the_server(
    client: TestClient, user: SignedIn, admin: SignedIn
) -> None:
    for hostile in HOSTILE_STRINGS:
        for who in (user, admin):
            params = {"q": hostile[:QUERY_CHARS]}
            response = client.get("/api/requests", params=params, headers=who.headers)
            assert response.status_code in (200, 400, 422), (hostile[:40], response.text[:300])
            if response.status_code == 200:
                assert response.json()["items"] == []
            else:
                _assert_clear_client_error(response)


def test_catalog_search_hostile_queries_answer_without_server_error(
    client: TestClient, user: SignedIn
) -> None:
    for hostile in HOSTILE_STRINGS:
        params = {"q": hostile[:QUERY_CHARS]}
        response = client.get("/api/catalog/search", params=params, headers=user.headers)
        assert response.status_code < 500, (hostile[:40], response.text[:300])
        if response.status_code >= 400:
            _assert_clear_client_error(response)


def test_cover_route_path_traversal_serves_only_the_placeholder(client: TestClient) -> None:
    for hostile in ["..%2F..%2F..%2Fetc%2Fpasswd", "%2e%2e%2fearmark.db", "B00%00X", "....//x"]:
        response = client.get(f"/api/covers/{hostile}")
        assert response.status_code in (200, 400, 404, 422), response.status_code
        assert b"root:" not in response.content
        if response.status_code == 200:
            assert response.headers["content-type"].startswith("image/svg+xml")
        else:
            _assert_clear_client_error(response)


def test_local_login_hostile_usernames_are_4xx_not_500(client: TestClient) -> None:
    for hostile in HOSTILE_STRINGS[:7]:
        response = client.post(
            "/api/auth/local/login", json={"username": hostile, "password": hostile}
        )
        # PostgreSQL cannot even compare a NUL character: 400 there, 401 on SQLite.
        assert response.status_code in (400, 401, 422, 429), (hostile[:40], response.text[:300])
        _assert_clear_client_error(response)


HUGE_PAGES = ["99999999999999999999999", str(2**63 - 1), str(2**63), "10001"]
PAGED_ROUTES = [
    "/api/catalog/popular?page={}",
    "/api/catalog/new-releases?page={}",
    "/api/catalog/search?q=mirror&page={}",
    "/api/requests?offset={}000",
    "/partials/discovery/popular?page={}",
]


@pytest.mark.parametrize("page", HUGE_PAGES)
@pytest.mark.parametrize("route", PAGED_ROUTES)
def test_huge_page_numbers_are_a_clear_400_not_an_overflow(
    client: TestClient, user: SignedIn, route: str, page: str
) -> None:
    response = client.get(route.format(page), headers=user.headers)
    _assert_clear_client_error(response)


@pytest.mark.parametrize("page", HUGE_PAGES)
def test_huge_log_and_job_pages_are_refused(client: TestClient, admin: SignedIn, page: str) -> None:
    for route in (f"/admin/logs?page={page}", f"/api/admin/jobs?offset={page}000"):
        response = client.get(route, headers=admin.headers)
        _assert_clear_client_error(response)


def test_settings_hostile_values_are_refused_or_stored_never_a_server_error(
    client: TestClient, admin: SignedIn
) -> None:
    writable = [s for s in SETTINGS.values() if s.category != "system" and s.kind != "bool"]
    for setting in writable:
        for hostile in (*HOSTILE_STRINGS[:7], 1e308, -1, [{"id": "x"}], {"a": None}):
            response = client.put(
                f"/api/admin/settings/{setting.category}",
                json={setting.key: hostile},
                headers=admin.headers,
            )
            assert response.status_code in (200, 400), (setting.key, hostile, response.text[:300])
            if response.status_code == 400:
                _assert_clear_client_error(response)
                message = response.json()["message"]
                named = setting.key in message or setting.title.lower() in message.lower()
                assert named or "Plex" in message, response.text
