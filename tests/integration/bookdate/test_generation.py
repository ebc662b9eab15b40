"""Generating cards: the model's picks matched to Audible books, exclusions, caching, refresh."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from earmark.bookdate.errors import BookDateOff, UnreadableAnswer
from earmark.bookdate.generation import BATCH_SIZE, prompt_for
from earmark.bookdate.models import BookdateRecommendation
from earmark.bookdate.service import Sources, current_cards, refresh_cards
from earmark.db.engine import transaction
from earmark.library.models import PlexLibraryItem
from earmark.requests.schemas import NewBook
from earmark.requests.service import create_request
from earmark.wiring import Services
from tests.fakes.llm_fixtures import RunningLlm
from tests.integration.bookdate.conftest import CatalogBook, add_user, enable_bookdate

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def picks_for(books: list[CatalogBook]) -> list[dict[str, str]]:
    return [{"title": b.title, "author": b.author, "reason": f"Like {b.title}"} for b in books]


def cards(services: Services, user_id: object) -> list[BookdateRecommendation]:
    with services.sessions() as session:
        query = select(BookdateRecommendation).where(BookdateRecommendation.user_id == user_id)
        return list(session.scalars(query.order_by(BookdateRecommendation.position)))


def test_current_cards_generates_matched_batch_then_serves_cache(
    services: Services, sources: Sources, openai_fake: RunningLlm, books: list[CatalogBook]
) -> None:
    enable_bookdate(services)
    user_id = add_user(services, "ann")
    hallucinated = {"title": "The Unwritten Book Xyzzy", "author": "Nobody Real", "reason": "?"}
    openai_fake.controls.picks = [hallucinated, *picks_for(books)]

    first = current_cards(services.sessions, services.config, user_id, sources=sources, now=NOW)
    again = current_cards(services.sessions, services.config, user_id, sources=sources, now=NOW)

    assert first.source == "generated" and again.source == "cache"
    assert [c.asin for c in first.cards] == [b.asin for b in books[:BATCH_SIZE]]
    assert first.cards[0].reason == f"Like {books[0].title}"
    assert [c.id for c in again.cards] == [c.id for c in first.cards]
    assert len(openai_fake.controls.bodies) == 1


def test_generation_excludes_library_requested_and_carded_books(
    services: Services, sources: Sources, openai_fake: RunningLlm, books: list[CatalogBook]
) -> None:
    enable_bookdate(services)
    user_id = add_user(services, "ben")
    owned, requested, *rest = books[:5]
    with transaction(services.sessions) as session:
        session.add(
            PlexLibraryItem(plex_guid="g1", title=owned.title, author=owned.author, asin=owned.asin)
        )
        create_request(
            session,
            user_id,
            NewBook(requested.asin, requested.title, requested.author),
            now=NOW,
            owned=lambda _s, _b: False,
        )
    openai_fake.controls.picks = picks_for(books[:5])
    current_cards(services.sessions, services.config, user_id, sources=sources, now=NOW)
    assert [c.asin for c in cards(services, user_id)] == [b.asin for b in rest]

    openai_fake.controls.picks = picks_for(books[:6])
    refresh_cards(services.sessions, services.config, user_id, sources=sources, now=NOW)
    assert [c.asin for c in cards(services, user_id)] == [books[5].asin]
    prompt = openai_fake.controls.bodies[-1]["messages"][1]["content"]
    assert f"{requested.title} by {requested.author}" in prompt


def test_refresh_keeps_old_cards_when_model_answers_garbage(
    services: Services, sources: Sources, openai_fake: RunningLlm, books: list[CatalogBook]
) -> None:
    enable_bookdate(services)
    user_id = add_user(services, "cy")
    openai_fake.controls.picks = picks_for(books[:2])
    current_cards(services.sessions, services.config, user_id, sources=sources, now=NOW)
    openai_fake.controls.behaviour = "prose"
    with pytest.raises(UnreadableAnswer):
        refresh_cards(services.sessions, services.config, user_id, sources=sources, now=NOW)
    assert len(cards(services, user_id)) == 2


def test_current_cards_when_disabled_refuses_without_calling_model(
    services: Services, sources: Sources, openai_fake: RunningLlm
) -> None:
    user_id = add_user(services, "dee")
    with pytest.raises(BookDateOff):
        current_cards(services.sessions, services.config, user_id, sources=sources, now=NOW)
    assert openai_fake.controls.bodies == []


def test_prompt_for_rated_scope_uses_only_rated_library_rows(services: Services) -> None:
    user_id = add_user(services, "eve", scope="rated")
    with transaction(services.sessions) as session:
        session.add(PlexLibraryItem(plex_guid="r", title="Rated One", author="A", user_rating=9.0))
        session.add(PlexLibraryItem(plex_guid="u", title="Unrated One", author="B"))
    with services.sessions() as session:
        text = prompt_for(session, user_id).user
    assert "Rated One" in text and "Unrated One" not in text
