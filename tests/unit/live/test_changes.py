"""Live changes: who may see them, and their text form on the PostgreSQL channel."""

from __future__ import annotations

from earmark.api.live import change_event
from earmark.live.changes import EVERYTHING, MAX_CHANGES_PER_MESSAGE, Change, decode, encode

MINE = Change(request_id="r-1", user_id="u-1")
THEIRS = Change(request_id="r-2", user_id="u-2")
JOB = Change(request_id=None, user_id=None)


def test_a_user_sees_their_own_requests_and_never_jobs_or_other_users_requests() -> None:
    assert MINE.visible_to("u-1", is_admin=False)
    assert not THEIRS.visible_to("u-1", is_admin=False)
    assert not JOB.visible_to("u-1", is_admin=False)


def test_an_admin_sees_every_change() -> None:
    assert all(c.visible_to("u-9", is_admin=True) for c in (MINE, THEIRS, JOB))


def test_everything_reaches_every_viewer() -> None:
    assert EVERYTHING.visible_to("u-1", is_admin=False)


def test_changes_survive_the_round_trip_through_text() -> None:
    assert set(decode(encode({MINE, THEIRS, JOB}))) == {MINE, THEIRS, JOB}


def test_too_many_changes_for_one_message_become_everything() -> None:
    many = {Change(request_id=f"r-{i}", user_id="u-1") for i in range(MAX_CHANGES_PER_MESSAGE + 1)}
    payload = encode(many)
    assert decode(payload) == [EVERYTHING]
    assert len(payload) < 8000  # PostgreSQL's NOTIFY limit


def test_an_unreadable_payload_counts_as_everything() -> None:
    assert decode("not json") == [EVERYTHING]
    assert decode("[[1]]") == [EVERYTHING]


def test_the_change_event_lists_request_ids_and_says_whether_jobs_changed() -> None:
    event = change_event({MINE, JOB})
    assert event == 'event: change\ndata: {"requests":["r-1"],"jobs":true,"all":false}\n\n'
    assert '"all":true' in change_event({EVERYTHING})
