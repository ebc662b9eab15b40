"""Setup status, first-run admin creation, and the guard closing setup routes once complete."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from earmark.app import create_app
from earmark.security.setup_code import setup_code
from earmark.settings import BootSettings
from earmark.wiring import Services
from tests.api.auth.conftest import ADMIN_PASSWORD
from tests.support import first_admin


def test_setup_status_fresh_install_reports_nothing_done(client: TestClient) -> None:
    assert client.get("/api/setup/status").json() == {"setup_complete": False, "has_admin": False}


def test_setup_admin_creation_signs_in_and_stores_local_admin(
    client: TestClient, services: Services
) -> None:
    response = client.post("/api/setup/admin", json=first_admin(client, " Admin ", ADMIN_PASSWORD))
    assert response.status_code == 200
    user = response.json()["user"]
    assert (user["plex_id"], user["username"], user["role"]) == ("local-admin", "admin", "admin")
    assert user["is_setup_admin"] and user["is_local_admin"]
    assert client.get("/api/auth/me").json()["user"]["username"] == "admin"
    assert client.get("/api/setup/status").json()["has_admin"] is True


def test_setup_admin_second_creation_is_conflict(
    client: TestClient, setup_admin: dict[str, object]
) -> None:
    response = client.post("/api/setup/admin", json=first_admin(client, "other", ADMIN_PASSWORD))
    assert response.status_code == 409
    assert "already exists" in response.json()["message"]


def test_setup_admin_short_password_is_rejected(client: TestClient) -> None:
    response = client.post("/api/setup/admin", json=first_admin(client, "admin", "short"))
    assert response.status_code == 400
    assert "at least 8" in response.json()["message"]


def test_setup_admin_after_setup_complete_is_forbidden(
    client: TestClient, services: Services
) -> None:
    services.config.set("setup.completed", True)
    response = client.post("/api/setup/admin", json=first_admin(client, "admin", ADMIN_PASSWORD))
    assert response.status_code == 403
    assert "already complete" in response.json()["message"]
    assert client.get("/api/setup/status").json() == {"setup_complete": True, "has_admin": False}


def test_first_admin_needs_the_setup_code(client: TestClient, services: Services) -> None:
    body = first_admin(client, "admin", ADMIN_PASSWORD)
    for wrong in (None, "", "AAAA-BBBB-CCCC"):
        response = client.post("/api/setup/admin", json={**body, "setup_code": wrong})
        assert response.status_code == 403
        assert "setup code" in response.json()["message"]
    assert client.get("/api/setup/status").json()["has_admin"] is False
    typed = body["setup_code"].lower().replace("-", " ")
    response = client.post("/api/setup/admin", json={**body, "setup_code": typed})
    assert response.status_code == 200


def test_setup_code_is_announced_at_start_until_an_admin_exists(
    boot_settings: BootSettings, services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    code = setup_code(services.cipher)
    with (
        caplog.at_level(logging.WARNING, logger="earmark.app"),
        TestClient(create_app(boot_settings, services)) as client,
    ):
        assert any(code in record.getMessage() for record in caplog.records)
        created = client.post("/api/setup/admin", json=first_admin(client, "admin", ADMIN_PASSWORD))
        assert created.status_code == 200
    caplog.clear()
    with (
        caplog.at_level(logging.WARNING, logger="earmark.app"),
        TestClient(create_app(boot_settings, services)),
    ):
        assert not any(code in record.getMessage() for record in caplog.records)


def test_started_without_setup_code_the_first_admin_needs_none(services: Services) -> None:
    services.settings.setup_code_required = False  # as `earmark serve --no-setup-code` does
    with TestClient(create_app(services.settings, services)) as client:
        response = client.post(
            "/api/setup/admin", json={"username": "admin", "password": ADMIN_PASSWORD}
        )
        assert response.status_code == 200
