"""Setup status, first-run admin creation, and the guard closing setup routes once complete."""

from __future__ import annotations

from fastapi.testclient import TestClient

from earmark.wiring import Services
from tests.api.auth.conftest import ADMIN_PASSWORD


def test_setup_status_fresh_install_reports_nothing_done(client: TestClient) -> None:
    assert client.get("/api/setup/status").json() == {"setup_complete": False, "has_admin": False}


def test_setup_admin_creation_signs_in_and_stores_local_admin(
    client: TestClient, services: Services
) -> None:
    response = client.post(
        "/api/setup/admin", json={"username": " Admin ", "password": ADMIN_PASSWORD}
    )
    assert response.status_code == 200
    user = response.json()["user"]
    assert (user["plex_id"], user["username"], user["role"]) == ("local-admin", "admin", "admin")
    assert user["is_setup_admin"] and user["is_local_admin"]
    assert client.get("/api/auth/me").json()["user"]["username"] == "admin"
    assert client.get("/api/setup/status").json()["has_admin"] is True


def test_setup_admin_second_creation_is_conflict(
    client: TestClient, setup_admin: dict[str, object]
) -> None:
    response = client.post(
        "/api/setup/admin", json={"username": "other", "password": ADMIN_PASSWORD}
    )
    assert response.status_code == 409
    assert "already exists" in response.json()["message"]


def test_setup_admin_short_password_is_rejected(client: TestClient) -> None:
    response = client.post("/api/setup/admin", json={"username": "admin", "password": "short"})
    assert response.status_code == 400
    assert "at least 8" in response.json()["message"]


def test_setup_admin_after_setup_complete_is_forbidden(
    client: TestClient, services: Services
) -> None:
    services.config.set("setup.completed", True)
    response = client.post(
        "/api/setup/admin", json={"username": "admin", "password": ADMIN_PASSWORD}
    )
    assert response.status_code == 403
    assert "already complete" in response.json()["message"]
    assert client.get("/api/setup/status").json() == {"setup_complete": True, "has_admin": False}
