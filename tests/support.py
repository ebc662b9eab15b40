"""Test helpers shared by API and integration tests: users with tokens, catalog rows."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import FastAPI
from fastapi.testclient import TestClient

from earmark.catalog.models import AudibleCache
from earmark.db.engine import transaction
from earmark.security.setup_code import setup_code
from earmark.users.models import User
from earmark.wiring import Services


@dataclass
class SignedIn:
    user: User
    headers: dict[str, str]


def first_admin(client: TestClient, username: str, password: str) -> dict[str, str]:
    """The body that claims a fresh server: credentials and the setup code it printed."""
    app: FastAPI = client.app  # type: ignore[assignment]
    code = setup_code(app.state.services.cipher)
    return {"username": username, "password": password, "setup_code": code}


def make_user(services: Services, app: FastAPI, name: str, role: str = "user") -> SignedIn:
    """A user row plus a bearer header carrying a real access token for it."""
    with transaction(services.sessions) as session:
        user = User(plex_id=f"plex-{name}", plex_username=name, role=role)
        session.add(user)
        session.flush()
    token = app.state.token_issuer.issue(
        user.id, user.session_version, "access", services.clock.now()
    )
    return SignedIn(user=user, headers={"Authorization": f"Bearer {token}"})


def add_catalog_book(
    services: Services, asin: str, title: str, author: str, narrator: str | None = None
) -> None:
    with transaction(services.sessions) as session:
        session.add(
            AudibleCache(
                asin=asin, title=title, author=author, narrator=narrator, duration_minutes=600
            )
        )
