"""Test helpers shared by API and integration tests: users with tokens, catalog rows."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import FastAPI

from earmark.catalog.models import AudibleCache
from earmark.db.engine import transaction
from earmark.users.models import User
from earmark.wiring import Services


@dataclass
class SignedIn:
    user: User
    headers: dict[str, str]


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
