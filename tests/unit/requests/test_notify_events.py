"""Which notification events a recorded status change announces, and that they are handed over
only when the outer transaction commits (requests/notify.py)."""

from __future__ import annotations

import contextlib
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from earmark.requests.notify import (
    EVENT_OF_STATUS,
    Notice,
    NotificationEvent,
    notify_event,
    notify_status_change,
    on_notice,
)
from earmark.requests.states import RequestStatus

S, E = RequestStatus, NotificationEvent


def _announced(from_status: RequestStatus | None, to_status: RequestStatus) -> list[E]:
    session = Session()
    notify_status_change(session, uuid.uuid4(), from_status, to_status, None)
    return [notice.event for notice in session.info.get("earmark.notices", [])]


@pytest.mark.parametrize(
    ("from_status", "to_status", "expected"),
    [
        (None, S.PENDING, [E.REQUEST_MADE]),
        (S.SEARCHING, S.DOWNLOADING, [E.DOWNLOADING]),
        (S.DOWNLOADING, S.DOWNLOADING, []),  # another release of the same download
        (S.DOWNLOADED, S.AVAILABLE, [E.AVAILABLE]),
        (S.DOWNLOADING, S.FAILED, [E.FAILED]),
        (S.PROCESSING, S.WARN, [E.NEEDS_ATTENTION]),
        (S.PENDING, S.SEARCHING, []),
        (S.PROCESSING, S.AWAITING_IMPORT, []),
    ],
)
def test_status_changes_announce_their_event(
    from_status: RequestStatus | None, to_status: RequestStatus, expected: list[E]
) -> None:
    assert _announced(from_status, to_status) == expected


def test_a_request_created_in_a_listed_status_also_announces_that_status(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(EVENT_OF_STATUS, S.PENDING, E.NEEDS_APPROVAL)
    assert _announced(None, S.PENDING) == [E.REQUEST_MADE, E.NEEDS_APPROVAL]


def test_notices_wait_for_the_outer_commit_not_a_savepoint() -> None:
    sessions = sessionmaker(create_engine("sqlite://"))
    sent: list[list[Notice]] = []
    on_notice(sessions, sent.append)
    request_id = uuid.uuid4()
    with sessions() as session, session.begin():
        notify_event(session, request_id, E.APPROVED)
        with session.begin_nested():
            session.execute(text("SELECT 1"))
        with contextlib.suppress(ValueError), session.begin_nested():
            raise ValueError("a savepoint rolled back keeps the outer change")
        assert sent == []
    assert sent == [[Notice(request_id, E.APPROVED)]]

    with contextlib.suppress(ValueError), sessions() as session, session.begin():
        notify_event(session, request_id, E.DECLINED)
        raise ValueError("the outer change is abandoned")
    with sessions() as session, session.begin():
        session.execute(text("SELECT 1"))
    assert len(sent) == 1
