"""Fixtures for auth API tests: an app wired to a fake plex.tv, users and their bearer headers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from earmark.settings import BootSettings
from earmark.users.models import User
from earmark.wiring import Services
from tests.fakes.plex_tv_fixtures import plex_fake, plex_fake_url
from tests.support import first_admin

__all__ = ["plex_fake", "plex_fake_url"]

MACHINE_ID = "machine-earmark-test"
ADMIN_PASSWORD = "correct horse battery"


@pytest.fixture
def boot_settings(tmp_path: Path, database_url: str, plex_fake_url: str) -> BootSettings:
    return BootSettings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        run_worker=False,
        plex_tv_url=plex_fake_url,
    )


@pytest.fixture
def plex_configured(services: Services) -> str:
    services.config.set("plex.machine_identifier", MACHINE_ID)
    return MACHINE_ID


@pytest.fixture
def make_user(services: Services) -> Callable[..., User]:
    def make(name: str, role: str = "user", plex_token: str | None = None) -> User:
        with services.sessions() as session:
            user = User(
                plex_id=f"plex-{name}",
                plex_username=name,
                role=role,
                auth_token=services.cipher.encrypt(plex_token) if plex_token else None,
            )
            session.add(user)
            session.commit()
            return user

    return make


@pytest.fixture
def bearer(client: TestClient, services: Services) -> Callable[[User], dict[str, str]]:
    def headers(user: User) -> dict[str, str]:
        with services.sessions() as session:
            fresh = session.get(User, user.id)
            assert fresh is not None
            version = fresh.session_version
        app: Any = client.app
        token = app.state.token_issuer.issue(user.id, version, "access", services.clock.now())
        return {"Authorization": f"Bearer {token}"}

    return headers


@pytest.fixture
def setup_admin(client: TestClient) -> dict[str, object]:
    """Creates the setup admin through the API and returns its session answer."""
    response = client.post("/api/setup/admin", json=first_admin(client, "Admin", ADMIN_PASSWORD))
    assert response.status_code == 200, response.text
    client.cookies.clear()
    body: dict[str, object] = response.json()
    return body
