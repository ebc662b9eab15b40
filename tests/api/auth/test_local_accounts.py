"""Local accounts made by an admin: create, sign in, disable (sessions end at once), enable,
delete, and changing one's own password (every other session ends)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import select

from earmark.users.models import User
from earmark.wiring import Services

Bearer = Callable[[User], dict[str, str]]
PASSWORD = "a long enough secret"


def _create(client: TestClient, headers: dict[str, str], name: str, role: str = "user") -> str:
    response = client.post(
        "/api/admin/users",
        json={"username": name, "password": PASSWORD, "role": role},
        headers=headers,
    )
    assert response.status_code == 201, response.text
    user_id: str = response.json()["id"]
    return user_id


def _login(client: TestClient, name: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post("/api/auth/local/login", json={"username": name, "password": password})
    assert response.status_code == 200, response.text
    client.cookies.clear()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def test_admin_creates_a_local_user_who_can_sign_in(
    client: TestClient, services: Services, make_user: Callable[..., User], bearer: Bearer
) -> None:
    admin = make_user("boss", role="admin")
    _create(client, bearer(admin), "  Reader ", role="user")

    with services.sessions() as session:
        created = session.scalar(select(User).where(User.plex_username == "reader"))
    assert created is not None and created.plex_id == "local-reader" and created.role == "user"
    assert created.auth_token is not None and PASSWORD not in created.auth_token
    me = client.get("/api/auth/me", headers=_login(client, "Reader"))
    assert me.json()["user"]["username"] == "reader"
    assert me.json()["user"]["is_local"] is True


def test_created_admin_reaches_admin_routes(
    client: TestClient, make_user: Callable[..., User], bearer: Bearer
) -> None:
    _create(client, bearer(make_user("boss", role="admin")), "second-admin", role="admin")
    assert client.get("/api/admin/users", headers=_login(client, "second-admin")).status_code == 200


def test_create_user_refuses_taken_names_and_weak_passwords(
    client: TestClient, make_user: Callable[..., User], bearer: Bearer
) -> None:
    headers = bearer(make_user("boss", role="admin"))
    _create(client, headers, "reader")
    taken = client.post(
        "/api/admin/users", json={"username": "READER", "password": PASSWORD}, headers=headers
    )
    assert taken.status_code == 409
    assert "already an account named 'reader'" in taken.json()["message"]
    weak = client.post(
        "/api/admin/users", json={"username": "other", "password": "short"}, headers=headers
    )
    assert weak.status_code == 400
    assert "at least" in weak.json()["message"]


def test_a_user_cannot_create_users(
    client: TestClient, services: Services, make_user: Callable[..., User], bearer: Bearer
) -> None:
    response = client.post(
        "/api/admin/users",
        json={"username": "sneaky", "password": PASSWORD, "role": "admin"},
        headers=bearer(make_user("reader")),
    )
    assert response.status_code == 403
    with services.sessions() as session:
        assert session.scalar(select(User).where(User.plex_username == "sneaky")) is None


def test_disabling_ends_sessions_at_once_and_blocks_sign_in(
    client: TestClient, make_user: Callable[..., User], bearer: Bearer
) -> None:
    admin_headers = bearer(make_user("boss", role="admin"))
    user_id = _create(client, admin_headers, "reader")
    reader_headers = _login(client, "reader")
    assert client.get("/api/auth/me", headers=reader_headers).status_code == 200

    disabled = client.post(f"/api/admin/users/{user_id}/disable", headers=admin_headers)
    assert disabled.status_code == 200 and disabled.json()["disabled"] is True

    assert client.get("/api/auth/me", headers=reader_headers).status_code == 401
    refused = client.post(
        "/api/auth/local/login", json={"username": "reader", "password": PASSWORD}
    )
    assert refused.status_code == 401
    assert "disabled" in refused.json()["message"]
    wrong = client.post("/api/auth/local/login", json={"username": "reader", "password": "nope"})
    assert "disabled" not in wrong.json()["message"]

    enabled = client.post(f"/api/admin/users/{user_id}/enable", headers=admin_headers)
    assert enabled.json()["disabled"] is False
    assert client.get("/api/auth/me", headers=_login(client, "reader")).status_code == 200


def test_disabling_refuses_yourself_and_the_setup_admin(
    client: TestClient,
    services: Services,
    setup_admin: object,
    make_user: Callable[..., User],
    bearer: Bearer,
) -> None:
    other = make_user("boss", role="admin")
    with services.sessions() as session:
        setup = session.scalar(select(User).where(User.is_setup_admin.is_(True)))
    assert setup is not None
    own = client.post(f"/api/admin/users/{other.id}/disable", headers=bearer(other))
    assert own.status_code == 403 and "your own account" in own.json()["message"]
    first = client.post(f"/api/admin/users/{setup.id}/disable", headers=bearer(other))
    assert first.status_code == 403 and "setup admin" in first.json()["message"]


def test_deleted_local_user_cannot_sign_in(
    client: TestClient, make_user: Callable[..., User], bearer: Bearer
) -> None:
    admin_headers = bearer(make_user("boss", role="admin"))
    user_id = _create(client, admin_headers, "reader")
    reader_headers = _login(client, "reader")
    assert client.delete(f"/api/admin/users/{user_id}", headers=admin_headers).status_code == 204
    assert client.get("/api/auth/me", headers=reader_headers).status_code == 401
    gone = client.post("/api/auth/local/login", json={"username": "reader", "password": PASSWORD})
    assert gone.status_code == 401


def test_change_own_password_ends_other_sessions_and_returns_a_fresh_one(
    client: TestClient, make_user: Callable[..., User], bearer: Bearer
) -> None:
    _create(client, bearer(make_user("boss", role="admin")), "reader")
    laptop = _login(client, "reader")
    phone = _login(client, "reader")
    new_password = "another long secret"

    response = client.post(
        "/api/auth/password",
        json={"current_password": PASSWORD, "new_password": new_password},
        headers=laptop,
    )
    assert response.status_code == 200, response.text
    fresh = {"Authorization": f"Bearer {response.json()['access_token']}"}
    client.cookies.clear()

    assert client.get("/api/auth/me", headers=phone).status_code == 401
    assert client.get("/api/auth/me", headers=laptop).status_code == 401
    assert client.get("/api/auth/me", headers=fresh).status_code == 200
    old = client.post("/api/auth/local/login", json={"username": "reader", "password": PASSWORD})
    assert old.status_code == 401
    _login(client, "reader", new_password)


def test_change_own_password_needs_the_current_one(
    client: TestClient, make_user: Callable[..., User], bearer: Bearer
) -> None:
    _create(client, bearer(make_user("boss", role="admin")), "reader")
    headers = _login(client, "reader")
    wrong = client.post(
        "/api/auth/password",
        json={"current_password": "not it at all", "new_password": "another long secret"},
        headers=headers,
    )
    assert wrong.status_code == 400
    assert "current password" in wrong.json()["message"]
    assert client.get("/api/auth/me", headers=headers).status_code == 200
    weak = client.post(
        "/api/auth/password",
        json={"current_password": PASSWORD, "new_password": "short"},
        headers=headers,
    )
    assert weak.status_code == 400
    _login(client, "reader")


def test_plex_accounts_cannot_change_a_password_here(
    client: TestClient, make_user: Callable[..., User], bearer: Bearer
) -> None:
    response = client.post(
        "/api/auth/password",
        json={"current_password": "x", "new_password": "another long secret"},
        headers=bearer(make_user("plexuser")),
    )
    assert response.status_code == 400
    assert "plex.tv" in response.json()["message"]
