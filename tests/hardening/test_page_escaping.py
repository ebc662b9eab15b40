"""Hostile names and titles are rendered escaped on every page that shows them."""

from __future__ import annotations

from fastapi.testclient import TestClient

from earmark.api.access import ACCESS_COOKIE
from earmark.catalog.models import AudibleCache
from earmark.db.engine import transaction
from earmark.wiring import Services
from tests.hardening.conftest import app_of
from tests.support import SignedIn, make_user

SCRIPT_TITLE = "<script>alert('title')</script>"
ATTRIBUTE_AUTHOR = '"><img src=x onerror=alert(1)>'
SCRIPT_NAME = "<script>alert('name')</script>"
HOSTILE_ASIN = "B0HOSTILE1"
RAW_MARKERS = ["<script>alert(", "<img src=x"]


def _seed_hostile_book(services: Services) -> None:
    with transaction(services.sessions) as session:
        session.add(
            AudibleCache(
                asin=HOSTILE_ASIN,
                title=SCRIPT_TITLE,
                author=ATTRIBUTE_AUTHOR,
                narrator=SCRIPT_NAME,
                description=SCRIPT_TITLE,
                is_popular=True,
                popular_rank=1,
            )
        )


def _browse_as(client: TestClient, signed_in: SignedIn, path: str) -> str:
    token = signed_in.headers["Authorization"].removeprefix("Bearer ")
    client.cookies.clear()
    client.cookies.set(ACCESS_COOKIE, token)
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 200, (path, response.status_code)
    return response.text


def _assert_escaped(html: str, path: str) -> None:
    for marker in RAW_MARKERS:
        assert marker not in html, f"{path} renders {marker!r} unescaped"


def test_pages_hostile_catalog_and_request_text_rendered_escaped(
    client: TestClient, services: Services, user: SignedIn
) -> None:
    _seed_hostile_book(services)
    created = client.post("/api/requests", json={"asin": HOSTILE_ASIN}, headers=user.headers)
    assert created.status_code == 201, created.text
    pages = {}
    for path in ["/", "/partials/discovery/popular", "/requests", "/partials/requests"]:
        pages[path] = _browse_as(client, user, path)
        _assert_escaped(pages[path], path)
    assert "&lt;script&gt;alert(" in pages["/requests"]


def test_admin_pages_hostile_usernames_rendered_escaped(
    client: TestClient, services: Services, admin: SignedIn
) -> None:
    make_user(services, app_of(client), SCRIPT_NAME)
    _seed_hostile_book(services)
    for path in ["/admin", "/admin/users", "/admin/jobs", "/admin/logs"]:
        _assert_escaped(_browse_as(client, admin, path), path)
    assert "&lt;script&gt;alert(" in _browse_as(client, admin, "/admin/users")


def test_search_page_hostile_query_echoed_escaped(client: TestClient, user: SignedIn) -> None:
    html = _browse_as(client, user, "/search?q=" + SCRIPT_TITLE)
    _assert_escaped(html, "/search")
