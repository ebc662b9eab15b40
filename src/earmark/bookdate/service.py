"""BookDate use cases the API calls: serve cached cards or generate a fresh batch."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from earmark.bookdate import repository
from earmark.bookdate.generation import generate_batch
from earmark.bookdate.models import BookdateRecommendation
from earmark.bookdate.settings import connection
from earmark.db.engine import SessionFactory, transaction
from earmark.integrations.catalog_sources import CatalogSource
from earmark.integrations.llm import LlmClient, LlmConnection
from earmark.settings_store.service import ConfigService
from earmark.users.rate_limit import Limit, Throttle


@dataclass(frozen=True)
class Sources:
    """How to reach the model and the catalog; built only when a batch is generated."""

    llm: Callable[[LlmConnection], LlmClient]
    catalog: Callable[[], CatalogSource]


@dataclass(frozen=True)
class Cards:
    cards: list[BookdateRecommendation]
    source: Literal["cache", "generated"]


def current_cards(
    sessions: SessionFactory,
    config: ConfigService,
    user_id: uuid.UUID,
    *,
    sources: Sources,
    now: datetime,
) -> Cards:
    """The user's unswiped cards; only when there are none is the model asked (once)."""
    llm_connection = connection(config)
    with sessions() as session:
        cached = list(repository.unswiped(session, user_id))
    if cached:
        return Cards(cached, "cache")
    return _generate(sessions, user_id, llm_connection, sources, now, replace=False)


def refresh_cards(
    sessions: SessionFactory,
    config: ConfigService,
    user_id: uuid.UUID,
    *,
    sources: Sources,
    now: datetime,
) -> Cards:
    """A new batch in place of the unswiped cards (they stay if the model fails)."""
    llm_connection = connection(config)
    return _generate(sessions, user_id, llm_connection, sources, now, replace=True)


# Every batch is a paid call to the household's AI provider.
GENERATION_THROTTLE = Throttle(
    "bookdate-batch", Limit(max_hits=20, window=timedelta(hours=1)), "BookDate batches asked for"
)


def _generate(
    sessions: SessionFactory,
    user_id: uuid.UUID,
    llm_connection: LlmConnection,
    sources: Sources,
    now: datetime,
    *,
    replace: bool,
) -> Cards:
    with transaction(sessions) as session:
        GENERATION_THROTTLE.hit(session, str(user_id), now)
    generate_batch(
        sessions,
        user_id,
        llm=sources.llm(llm_connection),
        catalog=sources.catalog(),
        now=now,
        replace=replace,
    )
    with sessions() as session:
        return Cards(list(repository.unswiped(session, user_id)), "generated")
