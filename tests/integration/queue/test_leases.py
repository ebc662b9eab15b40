"""Leases: renewal keeps a job, expiry makes it stuck and claimable, or failed on its last try."""

from __future__ import annotations

import uuid
from datetime import timedelta

from earmark.core.clock import FrozenClock
from earmark.db.engine import transaction
from earmark.queue.engine import claim_next, enqueue
from earmark.queue.leases import reap_expired, renew_leases
from earmark.queue.models import Job
from earmark.wiring import Services
from tests.integration.queue.support import record_result, runner_for, spec


def _claimed_job(services: Services, clock: FrozenClock, max_attempts: int = 3) -> uuid.UUID:
    with transaction(services.sessions) as session:
        enqueue(
            session,
            "audible_refresh",
            {},
            now=clock.now(),
            max_attempts=max_attempts,
            dedupe_key="refresh",
        )
    claimed = claim_next(
        services.sessions,
        worker_id="dead-worker",
        now=clock.now(),
        lease_seconds=30,
        job_types=["audible_refresh"],
        limits={},
    )
    assert claimed is not None
    return claimed.id


def _status(services: Services, job_id: uuid.UUID) -> str:
    with services.sessions() as session:
        job = session.get(Job, job_id)
        assert job is not None
        return job.status


def test_reap_expired_lease_makes_job_stuck_then_it_completes(
    services: Services, clock: FrozenClock
) -> None:
    job_id = _claimed_job(services, clock)
    clock.advance(timedelta(seconds=31))
    assert reap_expired(services.sessions, now=clock.now()) == []
    assert _status(services, job_id) == "stuck"
    runner = runner_for(services, [spec("audible_refresh", record_result)], clock)
    assert runner.run_next("live-worker")
    with services.sessions() as session:
        job = session.get(Job, job_id)
        assert job is not None and (job.status, job.attempts) == ("completed", 2)


def test_reap_renewed_lease_is_left_alone(services: Services, clock: FrozenClock) -> None:
    job_id = _claimed_job(services, clock)
    clock.advance(timedelta(seconds=20))
    renewed = renew_leases(
        services.sessions, {job_id: "dead-worker"}, now=clock.now(), lease_seconds=30
    )
    clock.advance(timedelta(seconds=20))
    reap_expired(services.sessions, now=clock.now())
    assert renewed == 1 and _status(services, job_id) == "active"


def test_reap_expired_last_attempt_fails_job(services: Services, clock: FrozenClock) -> None:
    job_id = _claimed_job(services, clock, max_attempts=1)
    clock.advance(timedelta(minutes=5))
    failed = reap_expired(services.sessions, now=clock.now())
    assert [job.id for job in failed] == [job_id]
    assert _status(services, job_id) == "failed"
    with services.sessions() as session:
        job = session.get_one(Job, job_id)
        # The key is free for a new copy, and remembered for an admin retry.
        assert (job.dedupe_key, job.released_dedupe_key) == (None, "refresh")


def test_renew_lease_of_other_worker_changes_nothing(
    services: Services, clock: FrozenClock
) -> None:
    job_id = _claimed_job(services, clock)
    renewed = renew_leases(
        services.sessions, {job_id: "impostor"}, now=clock.now(), lease_seconds=30
    )
    assert renewed == 0
