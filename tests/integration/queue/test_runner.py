"""Running jobs: results, retries with backoff on a frozen clock, final failure and its hook."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from earmark.core.clock import FrozenClock
from earmark.db.engine import transaction
from earmark.integrations.errors import AuthFailed, Unreachable
from earmark.queue.context import JobContext
from earmark.queue.engine import enqueue
from earmark.queue.errors import JobFailed, RetryLater
from earmark.queue.models import Job, JobEvent
from earmark.wiring import Services
from tests.integration.queue.support import record_result, runner_for, spec


def _enqueue(services: Services, clock: FrozenClock, **extra: Any) -> uuid.UUID:
    with transaction(services.sessions) as session:
        job = enqueue(session, "audible_refresh", {"x": 1}, now=clock.now(), **extra)
    return job.id


def _job(services: Services, job_id: uuid.UUID) -> Job:
    with services.sessions() as session:
        job = session.get(Job, job_id)
        assert job is not None
        return job


def _always(exc: Exception) -> Any:
    def handler(ctx: JobContext, payload: dict[str, Any]) -> None:
        raise exc

    return handler


def test_run_next_success_records_result_and_times(services: Services, clock: FrozenClock) -> None:
    job_id = _enqueue(services, clock, dedupe_key="once")
    runner = runner_for(services, [spec("audible_refresh", record_result)], clock)
    assert runner.run_next("host:1:worker-1")
    job = _job(services, job_id)
    assert (job.status, job.attempts, job.result) == ("completed", 1, {"echo": {"x": 1}})
    assert job.started_at == clock.now() and job.completed_at == clock.now()
    assert job.dedupe_key is None and job.locked_by is None


def test_run_next_job_logger_writes_events(services: Services, clock: FrozenClock) -> None:
    job_id = _enqueue(services, clock)
    runner_for(services, [spec("audible_refresh", record_result)], clock).run_next("w")
    with services.sessions() as session:
        event = session.scalars(select(JobEvent).where(JobEvent.job_id == job_id)).one()
    assert (event.level, event.context, event.message) == ("info", "TestProcessor", "ran")
    assert event.event_metadata == {"attempt": 1}


def test_run_next_unexpected_error_backs_off_per_policy(
    services: Services, clock: FrozenClock
) -> None:
    job_id = _enqueue(services, clock)
    runner = runner_for(
        services,
        [spec("audible_refresh", _always(ValueError("disk full")))],
        clock,
        draw=lambda: 0.5,
    )
    start = clock.now()
    runner.run_next("w")
    job = _job(services, job_id)
    # base 30 s * 2^0, jitter 0.2 * 0.5 -> 33 s
    assert job.status == "delayed" and job.run_after == start + timedelta(seconds=33)
    assert job.error_message == "disk full" and "ValueError" in (job.stack_trace or "")
    clock.advance(timedelta(seconds=32))
    assert not runner.run_next("w")
    clock.advance(timedelta(seconds=1))
    assert runner.run_next("w")
    second = _job(services, job_id)
    # second attempt: 30 * 2^1 * 1.1 = 66 s after the retry ran
    assert second.attempts == 2 and second.run_after == clock.now() + timedelta(seconds=66)


def test_run_next_last_attempt_fails_and_calls_hook_once(
    services: Services, clock: FrozenClock
) -> None:
    job_id = _enqueue(services, clock, max_attempts=2, dedupe_key="d")
    calls: list[tuple[int, str]] = []
    hook_spec = spec(
        "audible_refresh",
        _always(Unreachable("Prowlarr", "connection refused")),
        on_final_failure=lambda ctx, message: calls.append((ctx.attempt, message)),
    )
    runner = runner_for(services, [hook_spec], clock)
    runner.run_next("w")
    assert calls == []
    clock.advance(timedelta(hours=1))
    runner.run_next("w")
    job = _job(services, job_id)
    assert (job.status, job.attempts, job.dedupe_key) == ("failed", 2, None)
    assert job.completed_at == clock.now()
    assert calls == [(2, "Prowlarr: connection refused")]


def test_run_next_job_failed_fails_without_retry(services: Services, clock: FrozenClock) -> None:
    job_id = _enqueue(services, clock)
    runner_for(
        services, [spec("audible_refresh", _always(JobFailed("no indexer")))], clock
    ).run_next("w")
    job = _job(services, job_id)
    assert (job.status, job.attempts, job.error_message) == ("failed", 1, "no indexer")


def test_run_next_non_transient_integration_error_fails_at_once(
    services: Services, clock: FrozenClock
) -> None:
    job_id = _enqueue(services, clock)
    failing = spec("audible_refresh", _always(AuthFailed("Plex", "token rejected")))
    runner_for(services, [failing], clock).run_next("w")
    assert _job(services, job_id).status == "failed"


def test_run_next_retry_later_uses_given_delay(services: Services, clock: FrozenClock) -> None:
    job_id = _enqueue(services, clock)
    waiting = spec("audible_refresh", _always(RetryLater("still downloading", delay_seconds=10)))
    runner_for(services, [waiting], clock).run_next("w")
    job = _job(services, job_id)
    assert job.status == "delayed" and job.run_after == clock.now() + timedelta(seconds=10)


def test_run_next_context_reports_final_attempt(services: Services, clock: FrozenClock) -> None:
    _enqueue(services, clock, max_attempts=1)
    seen: list[bool] = []

    def handler(ctx: JobContext, payload: dict[str, Any]) -> None:
        seen.append(ctx.is_final_attempt)

    runner_for(services, [spec("audible_refresh", handler)], clock).run_next("w")
    assert seen == [True]
