"""BookDate integration fixtures: fake LLM servers, the fake Audible catalog, users and cards."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from fastapi import FastAPI

from earmark.bookdate.models import BookdateRecommendation
from earmark.bookdate.service import Sources
from earmark.db.engine import transaction
from earmark.integrations.catalog_sources.audible.client import AudibleCatalog
from earmark.integrations.llm import LlmClient, LlmConnection
from earmark.integrations.registry import build_llm_client
from earmark.users.models import User
from earmark.wiring import Services
from tests.fakes.audible_fixtures import _fake_server, audible_fake, audible_source
from tests.fakes.llm_fixtures import (
    RunningLlm,
    _anthropic_server,
    _openai_server,
    anthropic_fake,
    openai_fake,
)

__all__ = [
    "_anthropic_server",
    "_fake_server",
    "_openai_server",
    "anthropic_fake",
    "audible_fake",
    "audible_source",
    "openai_fake",
]


@dataclass(frozen=True)
class CatalogBook:
    asin: str
    title: str
    author: str


def catalog_books(app: FastAPI, count: int) -> list[CatalogBook]:
    """Books of the fake catalog with distinct titles, as a model would name them."""
    books: dict[str, CatalogBook] = {}
    for product in app.state.products:
        data = product.audible
        title = data["title"]
        if title.casefold() not in books and len(data["authors"]) == 1:
            books[title.casefold()] = CatalogBook(data["asin"], title, data["authors"][0]["name"])
    return list(books.values())[:count]


@pytest.fixture
def books(_fake_server: tuple[str, FastAPI]) -> list[CatalogBook]:
    return catalog_books(_fake_server[1], 14)


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5.0) as client:
        yield client


@pytest.fixture
def sources(http: httpx.Client, openai_fake: RunningLlm, audible_source: AudibleCatalog) -> Sources:
    connection_url = f"{openai_fake.url}/v1"

    def llm(connection: LlmConnection) -> LlmClient:
        return build_llm_client(
            http, LlmConnection("openai", connection.model, connection_url, "test-key")
        )

    return Sources(llm=llm, catalog=lambda: audible_source)


def add_user(services: Services, name: str, scope: str = "full") -> uuid.UUID:
    with transaction(services.sessions) as session:
        user = User(plex_id=f"plex-{name}", plex_username=name, bookdate_library_scope=scope)
        session.add(user)
        session.flush()
        return user.id


def add_card(services: Services, user_id: uuid.UUID, asin: str, position: int = 1) -> uuid.UUID:
    with transaction(services.sessions) as session:
        card = BookdateRecommendation(
            user_id=user_id,
            batch_id="batch_1",
            asin=asin,
            title=f"Title {asin}",
            author="Some Author",
            reason="Because.",
            position=position,
            status="shown",
            created_at=services.clock.now(),
        )
        session.add(card)
        session.flush()
        return card.id


def enable_bookdate(services: Services) -> None:
    services.config.set_many(
        {"bookdate.enabled": True, "bookdate.provider": "openai", "bookdate.model": "gpt-4o"}
    )
