"""BookDate routes: cards, swipes, undo, history and preferences; admin settings and test."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from earmark.api.access import CurrentAdmin, CurrentUser, ServicesDep
from earmark.api.book_lookup import owned_check
from earmark.api.thread_pools import OutboundRoute
from earmark.bookdate import settings as bookdate_settings
from earmark.bookdate import swipes
from earmark.bookdate.models import BookdateRecommendation, BookdateSwipe
from earmark.bookdate.repository import clear_everything
from earmark.bookdate.service import Cards, Sources, current_cards, refresh_cards
from earmark.core.errors import ConfigurationMissing
from earmark.db.engine import transaction
from earmark.integrations.registry import build_catalog_source, build_llm_client
from earmark.wiring import Services

router = APIRouter(route_class=OutboundRoute, tags=["bookdate"])
# Long enough for the domain to explain the 1000-character limit instead of a bare 422.
PROMPT_FIELD_LIMIT = 20_000


class CardOut(BaseModel):
    id: uuid.UUID
    asin: str
    title: str
    author: str
    narrator: str | None
    description: str | None
    cover_url: str | None
    rating: float | None
    reason: str
    batch_id: str
    created_at: datetime


class CardsOut(BaseModel):
    recommendations: list[CardOut]
    source: Literal["cache", "generated"]
    remaining: int


class SwipeBody(BaseModel):
    recommendation_id: uuid.UUID
    direction: Literal["left", "right", "up"]


class SwipeOut(BaseModel):
    id: uuid.UUID
    recommendation_id: uuid.UUID | None
    asin: str
    title: str
    author: str
    direction: str
    request_id: uuid.UUID | None
    created_at: datetime


class SwipeResult(SwipeOut):
    request_created: bool
    notice: str | None


class UndoOut(BaseModel):
    recommendation: CardOut
    direction: str
    request_cancelled: bool
    notice: str | None


class HistoryOut(BaseModel):
    items: list[SwipeOut]


class PreferencesBody(BaseModel):
    library_scope: str | None = None
    custom_prompt: str | None = Field(default=None, max_length=PROMPT_FIELD_LIMIT)
    onboarding_complete: bool | None = None


class PreferencesOut(BaseModel):
    library_scope: str
    custom_prompt: str
    onboarding_complete: bool


class ConfigBody(BaseModel):
    enabled: bool | None = None
    provider: str | None = Field(default=None, max_length=40)
    base_url: str | None = Field(default=None, max_length=500)
    model: str | None = Field(default=None, max_length=200)
    api_key: str | None = Field(default=None, max_length=500)
    # The admin confirms that the stored key may be sent to a new provider or base URL.
    keep_secret_for_new_url: bool = False


class ConfigOut(BaseModel):
    enabled: bool
    provider: str
    base_url: str
    model: str
    api_key_set: bool


class TestOut(BaseModel):
    ok: bool
    message: str
    details: dict[str, object]


class ClearedOut(BaseModel):
    deleted_swipes: int
    deleted_recommendations: int


def _card(card: BookdateRecommendation) -> CardOut:
    return CardOut.model_validate(card, from_attributes=True)


def _swipe(swipe: BookdateSwipe) -> SwipeOut:
    return SwipeOut.model_validate(swipe, from_attributes=True)


def _sources(services: Services) -> Sources:
    return Sources(
        llm=lambda connection: build_llm_client(services.http, connection),
        catalog=lambda: build_catalog_source(services),
    )


def _cards_out(cards: Cards) -> CardsOut:
    items = [_card(c) for c in cards.cards]
    return CardsOut(recommendations=items, source=cards.source, remaining=len(items))


def _deal(user_id: uuid.UUID, services: Services, *, fresh: bool) -> CardsOut:
    """The user's cards: a new batch when fresh, otherwise the cached ones (generated if none)."""
    deal = refresh_cards if fresh else current_cards
    cards = deal(
        services.sessions,
        services.config,
        user_id,
        sources=_sources(services),
        now=services.clock.now(),
    )
    return _cards_out(cards)


@router.get("/api/bookdate/recommendations", response_model=CardsOut)
def recommendations(user: CurrentUser, services: ServicesDep) -> CardsOut:
    return _deal(user.id, services, fresh=False)


@router.post("/api/bookdate/recommendations/refresh", response_model=CardsOut)
def refresh(user: CurrentUser, services: ServicesDep) -> CardsOut:
    return _deal(user.id, services, fresh=True)


@router.post("/api/bookdate/swipes", response_model=SwipeResult)
def swipe(body: SwipeBody, user: CurrentUser, services: ServicesDep) -> SwipeResult:
    owned = owned_check(services)
    with transaction(services.sessions) as session:
        outcome = swipes.record_swipe(
            session,
            user.id,
            body.recommendation_id,
            body.direction,
            now=services.clock.now(),
            owned=owned,
        )
        shown = _swipe(outcome.swipe).model_dump()
    created = outcome.request_id is not None
    return SwipeResult(**shown, request_created=created, notice=outcome.notice)


@router.post("/api/bookdate/swipes/undo", response_model=UndoOut)
def undo(user: CurrentUser, services: ServicesDep) -> UndoOut:
    with transaction(services.sessions) as session:
        outcome = swipes.undo_last_swipe(session, user.id, now=services.clock.now())
        card = _card(outcome.card)
    return UndoOut(
        recommendation=card,
        direction=outcome.direction,
        request_cancelled=outcome.request_cancelled,
        notice=outcome.notice,
    )


@router.get("/api/bookdate/swipes", response_model=HistoryOut)
def swipe_history(user: CurrentUser, services: ServicesDep) -> HistoryOut:
    with services.sessions() as session:
        return HistoryOut(items=[_swipe(s) for s in swipes.history(session, user.id)])


@router.get("/api/bookdate/preferences", response_model=PreferencesOut)
def read_preferences(user: CurrentUser, services: ServicesDep) -> PreferencesOut:
    with services.sessions() as session:
        prefs = bookdate_settings.read_preferences(session, user.id)
    return PreferencesOut(**vars(prefs))


@router.put("/api/bookdate/preferences", response_model=PreferencesOut)
def update_preferences(
    body: PreferencesBody, user: CurrentUser, services: ServicesDep
) -> PreferencesOut:
    with transaction(services.sessions) as session:
        prefs = bookdate_settings.update_preferences(session, user.id, **body.model_dump())
    return PreferencesOut(**vars(prefs))


@router.get("/api/admin/bookdate/config", response_model=ConfigOut)
def read_config(_: CurrentAdmin, services: ServicesDep) -> ConfigOut:
    return ConfigOut(**vars(bookdate_settings.read_settings(services.config)))


@router.put("/api/admin/bookdate/config", response_model=ConfigOut)
def update_config(body: ConfigBody, _: CurrentAdmin, services: ServicesDep) -> ConfigOut:
    change = bookdate_settings.SettingsChange(**body.model_dump())
    saved = bookdate_settings.update_settings(services.config, services.sessions, change)
    return ConfigOut(**vars(saved))


@router.post("/api/admin/bookdate/test", response_model=TestOut)
def test_connection(body: ConfigBody, _: CurrentAdmin, services: ServicesDep) -> TestOut:
    change = bookdate_settings.SettingsChange(**body.model_dump())
    connection = bookdate_settings.trial_connection(services.config, change)
    try:
        report = build_llm_client(services.http, connection).test()
    except ConfigurationMissing as missing:
        return TestOut(ok=False, message=missing.message, details={})
    return TestOut(ok=report.ok, message=report.message, details=report.details)


@router.delete("/api/admin/bookdate/swipes", response_model=ClearedOut)
def clear_history(_: CurrentAdmin, services: ServicesDep) -> ClearedOut:
    with transaction(services.sessions) as session:
        swiped, carded = clear_everything(session)
    return ClearedOut(deleted_swipes=swiped, deleted_recommendations=carded)
