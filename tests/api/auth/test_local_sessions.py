"""Local sign-in, rate limiting, cookies with CSRF, bearer tokens, refresh, logout and /me."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from earmark.api.access import CSRF_COOKIE
from earmark.users.models import User
from earmark.wiring import Services
from tests.api.auth.conftest import ADMIN_PASSWORD


def _login(
    client: TestClient, password: str = ADMIN_PASSWORD, username: str = "admin"
) -> dict[str, object]:
    response = client.post(
        "/api/auth/local/login", json={"username": username, "password": password}
    )
    body: dict[str, object] = response.json()
    body["status"] = response.status_code
    return body


def test_local_login_right_password_returns_tokens_and_sets_cookies(
    client: TestClient, setup_admin: object
) -> None:
    body = _login(client, username="ADMIN")
    assert body["status"] == 200
    assert body["access_token"] and body["refresh_token"]
    assert client.cookies.get("earmark_access") and client.cookies.get(CSRF_COOKIE)
    assert client.get("/api/auth/me").json()["user"]["role"] == "admin"


def test_local_login_wrong_password_and_unknown_user_same_401(
    client: TestClient, setup_admin: object
) -> None:
    wrong = _login(client, password="not the password")
    unknown = _login(client, username="nobody")
    assert wrong["status"] == unknown["status"] == 401
    assert wrong["message"] == unknown["message"] == "Invalid username or password."


def test_local_login_five_failures_then_429_even_with_right_password(
    client: TestClient, setup_admin: object
) -> None:
    for _ in range(5):
        assert _login(client, password="wrong password")["status"] == 401
    blocked = _login(client)
    assert blocked["status"] == 429
    assert "Too many failed sign-in attempts" in str(blocked["message"])
    assert _login(client, username="someone-else")["status"] == 401


def test_cookie_write_without_csrf_header_is_forbidden(
    client: TestClient, setup_admin: object
) -> None:
    _login(client)
    response = client.post("/api/auth/logout")
    assert response.status_code == 403
    assert "CSRF" in response.json()["message"]


def test_cookie_write_with_csrf_header_is_accepted(client: TestClient, setup_admin: object) -> None:
    _login(client)
    response = client.post(
        "/api/auth/logout", headers={"X-CSRF-Token": client.cookies[CSRF_COOKIE]}
    )
    assert response.status_code == 200


def test_bearer_write_needs_no_csrf(client: TestClient, setup_admin: object) -> None:
    token = _login(client)["access_token"]
    client.cookies.clear()
    response = client.post("/api/auth/logout", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_logout_invalidates_every_token_of_the_user(
    client: TestClient, setup_admin: object
) -> None:
    first = _login(client)
    client.cookies.clear()
    second = _login(client)
    client.cookies.clear()
    logout = client.post(
        "/api/auth/logout", headers={"Authorization": f"Bearer {second['access_token']}"}
    )
    assert logout.status_code == 200
    for token in (first["access_token"], second["access_token"]):
        me = client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 401
    refresh = client.post("/api/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert refresh.status_code == 401


def test_stale_cookies_after_logout_count_as_signed_out(
    client: TestClient, setup_admin: object
) -> None:
    _login(client)
    stale = dict(client.cookies)
    client.post("/api/auth/logout", headers={"X-CSRF-Token": client.cookies[CSRF_COOKIE]})
    client.cookies.update(stale)
    assert client.get("/api/auth/me").status_code == 401
    assert client.get("/api/setup/status").status_code == 200


def test_refresh_with_body_token_returns_new_access_token(
    client: TestClient, setup_admin: object
) -> None:
    body = _login(client)
    client.cookies.clear()
    response = client.post("/api/auth/refresh", json={"refresh_token": body["refresh_token"]})
    assert response.status_code == 200
    access = response.json()["access_token"]
    assert (
        client.get("/api/auth/me", headers={"Authorization": f"Bearer {access}"}).status_code == 200
    )


def test_refresh_with_access_token_is_refused(client: TestClient, setup_admin: object) -> None:
    body = _login(client)
    response = client.post("/api/auth/refresh", json={"refresh_token": body["access_token"]})
    assert response.status_code == 401


def test_refresh_cookie_alone_renews_the_session(client: TestClient, setup_admin: object) -> None:
    _login(client)
    del client.cookies["earmark_access"]
    assert client.get("/api/auth/me").status_code == 200
    assert client.post("/api/auth/refresh").status_code == 200


def test_me_anonymous_is_401(client: TestClient) -> None:
    response = client.get("/api/auth/me")
    assert response.status_code == 401


def test_role_change_ends_the_target_sessions(
    client: TestClient,
    make_user: Callable[..., User],
    bearer: Callable[[User], dict[str, str]],
    services: Services,
) -> None:
    admin = make_user("boss", role="admin")
    member = make_user("member")
    member_headers = bearer(member)
    response = client.patch(
        f"/api/admin/users/{member.id}", json={"role": "admin"}, headers=bearer(admin)
    )
    assert response.status_code == 200 and response.json()["role"] == "admin"
    assert client.get("/api/auth/me", headers=member_headers).status_code == 401
