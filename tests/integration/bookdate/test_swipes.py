"""Swipes: right requests through the normal path, undo, history, per-user isolation."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from earmark.bookdate import swipes
from earmark.bookdate.errors import NothingToUndo
from earmark.bookdate.models import BookdateRecommendation
from earmark.core.errors import Conflict, NotFound
from earmark.db.engine import transaction
from earmark.queue.models import Job
from earmark.requests.models import Request
from earmark.requests.schemas import NewBook
from earmark.requests.service import OwnershipCheck, create_request
from earmark.wiring import Services
from tests.integration.bookdate.conftest import add_card, add_user

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def not_owned(session: Session, book: NewBook) -> bool:
    return False


def swipe(
    services: Services,
    user_id: uuid.UUID,
    card_id: uuid.UUID,
    direction: str,
    owned: OwnershipCheck = not_owned,
) -> swipes.SwipeOutcome:
    with transaction(services.sessions) as session:
        return swipes.record_swipe(session, user_id, card_id, direction, now=NOW, owned=owned)


def undo(services: Services, user_id: uuid.UUID) -> swipes.UndoOutcome:
    with transaction(services.sessions) as session:
        return swipes.undo_last_swipe(session, user_id, now=NOW)


def test_right_swipe_creates_pending_request_and_search_job(services: Services) -> None:
    user_id = add_user(services, "ann")
    card_id = add_card(services, user_id, "B000000001")
    outcome = swipe(services, user_id, card_id, "right")
    assert outcome.notice is None
    with services.sessions() as session:
        request = session.get_one(Request, outcome.request_id)
        jobs = session.scalars(select(Job).where(Job.request_id == request.id)).all()
        card = session.get_one(BookdateRecommendation, card_id)
    assert request.status == "pending" and request.user_id == user_id
    assert [j.type for j in jobs] == ["search_indexers"]
    assert card.status == "swiped"


def test_right_swipe_on_owned_book_records_swipe_with_notice(services: Services) -> None:
    user_id = add_user(services, "bo")
    card_id = add_card(services, user_id, "B000000002")
    outcome = swipe(services, user_id, card_id, "right", owned=lambda _s, _b: True)
    assert outcome.request_id is None
    assert outcome.notice is not None and "already in the library" in outcome.notice
    with services.sessions() as session:
        assert session.scalars(select(Request)).all() == []


def test_right_swipe_on_already_requested_book_reports_duplicate(services: Services) -> None:
    user_id = add_user(services, "cy")
    with transaction(services.sessions) as session:
        book = NewBook("B000000003", "Title B000000003", "Some Author")
        create_request(session, user_id, book, now=NOW, owned=not_owned)
    card_id = add_card(services, user_id, "B000000003")
    outcome = swipe(services, user_id, card_id, "right")
    assert outcome.request_id is None
    assert outcome.notice is not None and "already requested" in outcome.notice
    with services.sessions() as session:
        assert len(session.scalars(select(Request)).all()) == 1
        assert len(swipes.history(session, user_id)) == 1


def test_undo_right_swipe_cancels_its_request_and_restores_card_first(
    services: Services,
) -> None:
    user_id = add_user(services, "dee")
    first = add_card(services, user_id, "B000000004", position=1)
    add_card(services, user_id, "B000000005", position=2)
    outcome = swipe(services, user_id, first, "right")
    undone = undo(services, user_id)
    assert undone.direction == "right" and undone.request_cancelled
    with services.sessions() as session:
        assert session.get_one(Request, outcome.request_id).status == "cancelled"
        cards = session.scalars(
            select(BookdateRecommendation).order_by(BookdateRecommendation.position)
        ).all()
    assert [c.asin for c in cards] == ["B000000004", "B000000005"]
    assert cards[0].status == "shown"
    with services.sessions() as session:
        assert swipes.history(session, user_id) == []


def test_undo_keeps_a_request_that_is_already_downloading(services: Services) -> None:
    user_id = add_user(services, "eli")
    card_id = add_card(services, user_id, "B000000006")
    outcome = swipe(services, user_id, card_id, "right")
    with transaction(services.sessions) as session:
        session.get_one(Request, outcome.request_id).status = "downloading"
    undone = undo(services, user_id)
    assert not undone.request_cancelled
    assert undone.notice is not None and "downloading" in undone.notice


def test_undo_takes_back_newest_swipe_only(services: Services) -> None:
    user_id = add_user(services, "fay")
    left = add_card(services, user_id, "B000000007", position=1)
    up = add_card(services, user_id, "B000000008", position=2)
    swipe(services, user_id, left, "left")
    swipe(services, user_id, up, "up")
    assert undo(services, user_id).card.id == up
    assert undo(services, user_id).card.id == left
    with pytest.raises(NothingToUndo):
        undo(services, user_id)


def test_swipe_on_another_users_card_is_not_found(services: Services) -> None:
    owner = add_user(services, "gus")
    intruder = add_user(services, "hal")
    card_id = add_card(services, owner, "B000000009")
    with pytest.raises(NotFound):
        swipe(services, intruder, card_id, "right")
    swipe(services, owner, card_id, "left")
    with pytest.raises(NothingToUndo):
        undo(services, intruder)


def test_swiping_the_same_card_twice_is_a_conflict(services: Services) -> None:
    user_id = add_user(services, "ivy")
    card_id = add_card(services, user_id, "B000000010")
    swipe(services, user_id, card_id, "left")
    with pytest.raises(Conflict):
        swipe(services, user_id, card_id, "right")
