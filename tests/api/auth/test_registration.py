"""Self-registration: off by default; when on, new accounts wait for an admin's approval."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from earmark.users.models import User
from earmark.wiring import Services

Bearer = Callable[[User], dict[str, str]]
PASSWORD = "a long enough secret"
NEWCOMER = {"username": "newcomer", "password": PASSWORD}


def _sign_in(client: TestClient) -> tuple[int, str]:
    answer = client.post("/api/auth/local/login", json=NEWCOMER)
    client.cookies.clear()
    return answer.status_code, answer.json().get("message", "")


def test_registration_is_refused_while_the_setting_is_off(
    client: TestClient, services: Services
) -> None:
    services.config.set("setup.completed", True)
    assert client.get("/login", follow_redirects=False).status_code == 200
    answer = client.post("/api/auth/register", json=NEWCOMER)
    assert answer.status_code == 403
    assert "does not take registrations" in answer.json()["message"]
    assert "Register" not in client.get("/login").text


def test_a_registered_account_signs_in_only_after_an_admin_approves_it(
    client: TestClient, services: Services, make_user: Callable[..., User], bearer: Bearer
) -> None:
    services.config.set("accounts.self_registration", True)
    services.config.set("setup.completed", True)
    admin = bearer(make_user("boss", role="admin"))
    assert 'href="/register"' in client.get("/login", follow_redirects=False).text

    created = client.post("/api/auth/register", json=NEWCOMER)
    assert created.status_code == 201, created.text
    assert client.cookies.get("earmark_access") is None  # not signed in
    assert _sign_in(client) == (
        401,
        "This account is waiting for an admin's approval; try again later.",
    )

    listed = client.get("/api/admin/users", headers=admin).json()["users"]
    waiting = next(u for u in listed if u["username"] == "newcomer")
    assert waiting["awaiting_approval"] and waiting["disabled"]
    approved = client.post(f"/api/admin/users/{waiting['id']}/approve", headers=admin)
    assert approved.status_code == 200, approved.text
    assert _sign_in(client)[0] == 200
    again = client.post(f"/api/admin/users/{waiting['id']}/approve", headers=admin)
    assert again.status_code == 404


def test_a_user_cannot_approve_registrations_and_declining_deletes_the_account(
    client: TestClient, services: Services, make_user: Callable[..., User], bearer: Bearer
) -> None:
    services.config.set("accounts.self_registration", True)
    admin = bearer(make_user("boss", role="admin"))
    reader = bearer(make_user("reader"))
    client.post("/api/auth/register", json=NEWCOMER)
    listed = client.get("/api/admin/users", headers=admin).json()["users"]
    waiting_id = next(u["id"] for u in listed if u["username"] == "newcomer")

    assert client.post(f"/api/admin/users/{waiting_id}/approve", headers=reader).status_code == 403
    assert client.delete(f"/api/admin/users/{waiting_id}", headers=admin).status_code == 204
    assert _sign_in(client)[0] == 401
