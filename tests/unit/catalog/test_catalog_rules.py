"""Pure catalog rules: ASIN checks, request states, thumbnails on disk, retry backoff."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from earmark.catalog.covers import ThumbnailStore, normalise_asin
from earmark.catalog.errors import InvalidAsin
from earmark.catalog.repository import RequestRow
from earmark.catalog.service import state_for
from earmark.integrations.catalog_sources.retrying import RetryPolicy, with_retries
from earmark.integrations.errors import AuthFailed, RateLimited, Unreachable

ME, OTHER = uuid.uuid4(), uuid.uuid4()


def _row(user: uuid.UUID, status: str) -> RequestRow:
    return RequestRow("B012345678", uuid.uuid4(), user, status)


@pytest.mark.parametrize("raw", ["", "B01234567", "B0123456789", "../etc/pw", "B01234567!"])
def test_normalise_asin_malformed_is_invalid(raw: str) -> None:
    with pytest.raises(InvalidAsin):
        normalise_asin(raw)


def test_normalise_asin_upper_cases_and_trims() -> None:
    assert normalise_asin(" b0abcdefgh ") == "B0ABCDEFGH"


def test_state_for_library_copy_wins_over_requests() -> None:
    assert state_for([_row(ME, "pending"), _row(OTHER, "available")], ME).state == "available"


def test_state_for_own_request_carries_its_status() -> None:
    state = state_for([_row(OTHER, "pending"), _row(ME, "failed")], ME)
    assert (state.state, state.request_status) == ("requested_by_you", "failed")
    assert state.request_id is not None


def test_state_for_someone_elses_request_and_nothing() -> None:
    assert state_for([_row(OTHER, "searching")], ME).state == "requested_by_other"
    assert state_for([], ME).state == "none"


def test_thumbnail_store_saves_atomically_and_reads_with_etag(tmp_path: Path) -> None:
    store = ThumbnailStore(tmp_path / "thumbs")
    path = store.save("B012345678", b"\xff\xd8data")
    assert path.name == "B012345678.jpg" and store.has("B012345678")
    assert [p.name for p in path.parent.iterdir()] == ["B012345678.jpg"]
    first = store.read("B012345678")
    store.save("B012345678", b"\xff\xd8other")
    second = store.read("B012345678")
    assert first and second and first.etag != second.etag
    assert store.read("B000000000") is None
    assert not store.has("../../etc/x")


def test_with_retries_retries_transient_then_succeeds() -> None:
    sleeps: list[float] = []
    outcomes: list[Exception | str] = [Unreachable("X", "down"), RateLimited("X", "slow", 7), "ok"]

    def call() -> str:
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    policy = RetryPolicy(attempts=3, base_delay_seconds=0.1, sleep=sleeps.append)
    assert with_retries(policy, call) == "ok"
    assert len(sleeps) == 2 and sleeps[1] == 7  # Retry-After beats the short backoff


def test_with_retries_does_not_retry_auth_failures() -> None:
    sleeps: list[float] = []

    def call() -> None:
        raise AuthFailed("X", "no")

    with pytest.raises(AuthFailed):
        with_retries(RetryPolicy(sleep=sleeps.append), call)
    assert sleeps == []


def test_retry_delay_grows_and_is_capped() -> None:
    policy = RetryPolicy(base_delay_seconds=1.0, max_delay_seconds=5.0)
    error = Unreachable("X", "down")
    assert 0.5 <= policy.delay_for(0, error) <= 1.5
    assert policy.delay_for(10, error) == 5.0
