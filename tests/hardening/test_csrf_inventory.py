"""Every state-changing user/admin route refuses cookie-authenticated calls without the CSRF token.

The auth tests check one route (logout); this walks the whole route inventory, so a route added
later without the shared access dependencies is caught.
"""

from __future__ import annotations

from fastapi.testclient import TestClient

from earmark.api.access import ACCESS_COOKIE, CSRF_COOKIE, CSRF_HEADER
from tests.api.test_route_inventory import api_routes, dummy_path, level_of
from tests.support import SignedIn

CSRF_VALUE = "csrf-token-of-this-browser"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _cookie_session(client: TestClient, signed_in: SignedIn) -> None:
    client.cookies.clear()
    client.cookies.set(ACCESS_COOKIE, signed_in.headers["Authorization"].removeprefix("Bearer "))
    client.cookies.set(CSRF_COOKIE, CSRF_VALUE)


def _unsafe_routes(client: TestClient) -> list[tuple[str, str]]:
    return [
        (method, dummy_path(route))
        for route in api_routes(client)
        if level_of(route) in ("user", "admin")
        for method in sorted((route.methods or set()) & UNSAFE_METHODS)
    ]


def test_csrf_cookie_writes_without_header_are_403_on_every_route(
    client: TestClient, admin: SignedIn
) -> None:
    routes = _unsafe_routes(client)
    assert len(routes) >= 10
    problems = []
    for method, path in routes:
        _cookie_session(client, admin)
        response = client.request(method, path, json={}, follow_redirects=False)
        if response.status_code != 403 or "CSRF" not in response.json().get("message", ""):
            problems.append(f"{method} {path}: {response.status_code}")
        _cookie_session(client, admin)
        wrong = client.request(method, path, json={}, headers={CSRF_HEADER: "a-different-token"})
        if wrong.status_code != 403:
            problems.append(f"{method} {path} with a wrong token: {wrong.status_code}")
    assert not problems, "\n".join(problems)


def test_csrf_cookie_writes_with_matching_header_pass_the_check(
    client: TestClient, admin: SignedIn
) -> None:
    problems = []
    for method, path in _unsafe_routes(client):
        _cookie_session(client, admin)
        response = client.request(method, path, json={}, headers={CSRF_HEADER: CSRF_VALUE})
        body = response.json() if response.content else {}
        if response.status_code == 403 and "CSRF" in str(body.get("message", "")):
            problems.append(f"{method} {path}: refused although the token matched")
    assert not problems, "\n".join(problems)
