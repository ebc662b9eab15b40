"""Fixtures for page tests: signing a TestClient in as a given user through the session cookies."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from earmark.api.access import ACCESS_COOKIE, CSRF_COOKIE
from earmark.users.models import User
from earmark.wiring import Services

SignIn = Callable[[User], None]


@pytest.fixture
def sign_in(client: TestClient, services: Services) -> SignIn:
    def _sign_in(user: User) -> None:
        issuer = client.app.state.token_issuer  # type: ignore[attr-defined]
        token = issuer.issue(user.id, user.session_version, "access", services.clock.now())
        client.cookies.set(ACCESS_COOKIE, token)
        client.cookies.set(CSRF_COOKIE, "csrf-test-value")

    return _sign_in
