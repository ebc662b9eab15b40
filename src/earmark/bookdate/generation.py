"""Generates BookDate cards: ask the model, match each pick to an Audible book, store the batch."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from earmark.bookdate import repository
from earmark.bookdate.matching import best_match
from earmark.bookdate.models import BookdateRecommendation
from earmark.bookdate.parsing import Pick, parse_picks
from earmark.bookdate.prompt import RECOMMENDATION_SCHEMA, Prompt, PromptInput, build_prompt
from earmark.db.engine import SessionFactory, transaction
from earmark.integrations.catalog_sources import BookMetadata, CatalogSource
from earmark.integrations.errors import IntegrationError
from earmark.integrations.llm import LlmClient
from earmark.library.ownership import find_owned

log = logging.getLogger(__name__)

BATCH_SIZE: Final = 10
MAX_ANSWER_TOKENS: Final = 4096
SEARCH_RESULTS: Final = 10


@dataclass(frozen=True)
class Matched:
    pick: Pick
    book: BookMetadata


def prompt_for(session: Session, user_id: uuid.UUID) -> Prompt:
    """The prompt for this user: their library scope, recent swipes and own words."""
    user = repository.require_user(session, user_id)
    scope = user.bookdate_library_scope
    library = repository.library_books(session, rated_only=scope == "rated")
    if scope == "full":
        library += repository.requested_books(session, user.id)
    exclusions = [f"{b.title} by {b.author}" for b in library]
    exclusions += repository.known_titles(session, user.id)
    data = PromptInput(
        scope=scope,
        library=library,
        swipes=repository.recent_signals(session, user.id),
        custom_prompt=user.bookdate_custom_prompt,
        exclusions=exclusions,
    )
    return build_prompt(data)


def generate_batch(
    sessions: SessionFactory,
    user_id: uuid.UUID,
    *,
    llm: LlmClient,
    catalog: CatalogSource,
    now: datetime,
    replace: bool = False,
) -> None:
    """Ask the model once and store up to BATCH_SIZE new cards; `replace` drops unswiped ones.

    No transaction is held while the model and the catalog answer (that can take a minute).
    """
    with sessions() as session:
        prompt = prompt_for(session, user_id)
        excluded = repository.excluded_asins(session, user_id)
    answer = llm.complete_json(prompt.system, prompt.user, RECOMMENDATION_SCHEMA, MAX_ANSWER_TOKENS)
    matches = _resolve(sessions, parse_picks(answer), catalog, excluded)
    with transaction(sessions) as session:
        if replace:
            repository.discard_unswiped(session, user_id)
        _store(session, user_id, matches, now)


def _resolve(
    sessions: SessionFactory, picks: Sequence[Pick], catalog: CatalogSource, excluded: set[str]
) -> list[Matched]:
    accepted: list[Matched] = []
    first_error: IntegrationError | None = None
    for pick in picks:
        if len(accepted) >= BATCH_SIZE:
            break
        try:
            found = catalog.search(f"{pick.title} {pick.author}", 1, SEARCH_RESULTS)
        except IntegrationError as exc:
            first_error = first_error or exc
            continue
        book = best_match(pick, found.items)
        if book is None or book.asin.upper() in excluded or _in_library(sessions, book):
            continue
        excluded.add(book.asin.upper())
        accepted.append(Matched(pick, book))
    if not accepted and first_error is not None:
        # Every search failed: the catalog is the problem, and saying so beats "no results".
        raise first_error
    return accepted


def _in_library(sessions: SessionFactory, book: BookMetadata) -> bool:
    with sessions() as session:
        return find_owned(session, book.asin, book.title, book.author) is not None


def _store(session: Session, user_id: uuid.UUID, matches: Sequence[Matched], now: datetime) -> None:
    batch_id = f"batch_{int(now.timestamp() * 1000)}"
    _, position = repository.position_bounds(session, user_id)
    for match in matches:
        position += 1
        card = _card(user_id, batch_id, match, position, now)
        try:
            with session.begin_nested():
                session.add(card)
        except IntegrityError:
            # A concurrent generation for the same user stored this book first.
            log.info("BookDate: %s already carded for this user", match.book.asin)


def _card(
    user_id: uuid.UUID, batch_id: str, match: Matched, position: int, now: datetime
) -> BookdateRecommendation:
    book = match.book
    return BookdateRecommendation(
        user_id=user_id,
        batch_id=batch_id,
        asin=book.asin.upper(),
        title=book.title,
        author=book.author,
        narrator=book.narrator,
        description=book.description,
        cover_url=book.cover_url,
        rating=book.rating,
        reason=match.pick.reason,
        position=position,
        status="shown",
        created_at=now,
    )
