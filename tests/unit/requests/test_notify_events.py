"""Which notification events a recorded status change announces (requests/notify.py)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy.orm import Session

from earmark.requests.notify import EVENT_OF_STATUS, NotificationEvent, notify_status_change
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
