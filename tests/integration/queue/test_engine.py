"""Enqueue, dedupe, priority order, per-type concurrency and payload validation on both databases."""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from earmark.core.clock import FrozenClock
from earmark.core.errors import InvalidInput
from earmark.db.engine import transaction
from earmark.jobs import enqueue_job, enqueue_step
from earmark.jobs.payloads import AudibleRefresh, JobPayload, SearchIndexers
from earmark.queue.engine import claim_next, enqueue
from earmark.queue.models import Job
from earmark.wiring import Services
from tests.integration.plex.conftest import add_request
from tests.integration.queue.support import record_result, runner_for, spec


def _claim(services: Services, clock: FrozenClock, limits: dict[str, int] | None = None) -> str:
    claimed = claim_next(
        services.sessions,
        worker_id="w",
        now=clock.now(),
        lease_seconds=60,
        job_types=["audible_refresh", "monitor_rss_feeds"],
        limits=limits or {},
    )
    return "none" if claimed is None else str(claimed.payload["n"])


def test_enqueue_same_dedupe_key_returns_unfinished_job(
    services: Services, clock: FrozenClock
) -> None:
    with transaction(services.sessions) as session:
        first = enqueue(session, "audible_refresh", {}, now=clock.now(), dedupe_key="k")
    with transaction(services.sessions) as session:
        second = enqueue(session, "audible_refresh", {}, now=clock.now(), dedupe_key="k")
    assert second.id == first.id
    with services.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Job)) == 1


def test_enqueue_dedupe_key_after_completion_creates_new_job(
    services: Services, clock: FrozenClock
) -> None:
    with transaction(services.sessions) as session:
        first = enqueue(session, "audible_refresh", {}, now=clock.now(), dedupe_key="k")
    runner = runner_for(services, [spec("audible_refresh", record_result)], clock)
    assert runner.run_next("w")
    with transaction(services.sessions) as session:
        second = enqueue(session, "audible_refresh", {}, now=clock.now(), dedupe_key="k")
    assert second.id != first.id


def test_enqueue_dedupe_race_on_postgresql_returns_winner(
    services: Services, clock: FrozenClock
) -> None:
    if services.engine.dialect.name != "postgresql":
        pytest.skip("concurrent writers only interleave on PostgreSQL; SQLite serialises them")
    winner = services.sessions()
    kept = enqueue(winner, "audible_refresh", {}, now=clock.now(), dedupe_key="race")
    winner.flush()
    results: list[uuid.UUID] = []

    def late_enqueue() -> None:
        with transaction(services.sessions) as session:
            # Blocks on the unique index until the winner commits, then takes the savepoint path.
            results.append(
                enqueue(session, "audible_refresh", {}, now=clock.now(), dedupe_key="race").id
            )

    thread = threading.Thread(target=late_enqueue)
    thread.start()
    thread.join(0.5)
    winner.commit()
    winner.close()
    thread.join(10)
    assert results == [kept.id]


def test_claim_orders_by_priority_then_age(services: Services, clock: FrozenClock) -> None:
    with transaction(services.sessions) as session:
        for n, priority in enumerate([0, 5, 0, 9]):
            enqueue(session, "audible_refresh", {"n": n}, now=clock.now(), priority=priority)
            clock.advance(timedelta(seconds=1))
    order = [_claim(services, clock) for _ in range(5)]
    assert order == ["3", "1", "0", "2", "none"]


def test_claim_future_run_after_is_not_claimed(services: Services, clock: FrozenClock) -> None:
    with transaction(services.sessions) as session:
        later = clock.now() + timedelta(minutes=5)
        enqueue(session, "audible_refresh", {"n": 1}, now=clock.now(), run_after=later)
    assert _claim(services, clock) == "none"
    clock.advance(timedelta(minutes=5))
    assert _claim(services, clock) == "1"


def test_claim_type_at_concurrency_limit_is_skipped(services: Services, clock: FrozenClock) -> None:
    with transaction(services.sessions) as session:
        enqueue(session, "audible_refresh", {"n": 1}, now=clock.now(), priority=9)
        enqueue(session, "audible_refresh", {"n": 2}, now=clock.now(), priority=9)
        enqueue(session, "monitor_rss_feeds", {"n": 3}, now=clock.now())
    limits = {"audible_refresh": 1}
    assert [_claim(services, clock, limits) for _ in range(3)] == ["1", "3", "none"]


def test_enqueue_job_stores_json_under_the_payloads_type_and_request(
    services: Services, clock: FrozenClock
) -> None:
    request_id = add_request(services, title="Ancillary Justice", author="Ann Leckie")
    with transaction(services.sessions) as session:
        job = enqueue_job(session, SearchIndexers(request_id=request_id), now=clock.now())
    with services.sessions() as session:
        stored = session.get_one(Job, job.id)
        assert (stored.type, stored.request_id, stored.payload) == (
            "search_indexers",
            request_id,
            {"request_id": str(request_id)},
        )


class UnregisteredPayload(JobPayload):
    job_type = "search_indexers"


@pytest.mark.parametrize("payload", [JobPayload(), UnregisteredPayload()])
def test_enqueue_job_unregistered_payload_is_refused(
    services: Services, clock: FrozenClock, payload: JobPayload
) -> None:
    with services.sessions() as session, pytest.raises(InvalidInput):
        enqueue_job(session, payload, now=clock.now())


def test_enqueue_step_one_job_per_request_and_type(services: Services, clock: FrozenClock) -> None:
    request_id = add_request(services, title="Ancillary Sword", author="Ann Leckie")
    with transaction(services.sessions) as session:
        first = enqueue_step(session, SearchIndexers(request_id=request_id), now=clock.now())
        again = enqueue_step(session, SearchIndexers(request_id=request_id), now=clock.now())
    assert (again.id, first.dedupe_key) == (first.id, f"search_indexers:{request_id}")


def test_enqueue_step_without_request_is_refused(services: Services, clock: FrozenClock) -> None:
    with services.sessions() as session, pytest.raises(InvalidInput):
        enqueue_step(session, AudibleRefresh(), now=clock.now())
