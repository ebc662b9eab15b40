"""An admin retry of a failed job takes back its dedupe key, or is refused when it is taken."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from earmark.core.clock import FrozenClock
from earmark.core.errors import Conflict
from earmark.db.engine import transaction
from earmark.queue.admin import cancel_job, retry_job
from earmark.queue.context import JobContext
from earmark.queue.engine import enqueue
from earmark.queue.errors import JobFailed
from earmark.queue.models import Job
from earmark.wiring import Services
from tests.integration.queue.support import runner_for, spec

KEY = "refresh:catalog"


def _fail(ctx: JobContext, payload: dict[str, Any]) -> None:
    raise JobFailed("Audible is down")


def _enqueue(services: Services, clock: FrozenClock) -> uuid.UUID:
    with transaction(services.sessions) as session:
        return enqueue(session, "audible_refresh", {}, now=clock.now(), dedupe_key=KEY).id


def _failed_job(services: Services, clock: FrozenClock) -> uuid.UUID:
    job_id = _enqueue(services, clock)
    assert runner_for(services, [spec("audible_refresh", _fail)], clock).run_next("w")
    return job_id


def _keys(services: Services, job_id: uuid.UUID) -> tuple[str, str | None, str | None]:
    with services.sessions() as session:
        job = session.get_one(Job, job_id)
        return job.status, job.dedupe_key, job.released_dedupe_key


def test_final_failure_releases_the_key_and_remembers_it(
    services: Services, clock: FrozenClock
) -> None:
    job_id = _failed_job(services, clock)

    assert _keys(services, job_id) == ("failed", None, KEY)


def test_retry_takes_back_the_key_so_an_identical_enqueue_joins_it(
    services: Services, clock: FrozenClock
) -> None:
    job_id = _failed_job(services, clock)

    with transaction(services.sessions) as session:
        retry_job(session, job_id, now=clock.now())
    assert _keys(services, job_id) == ("pending", KEY, None)
    assert _enqueue(services, clock) == job_id


def test_retry_is_refused_when_an_identical_job_was_queued_meanwhile(
    services: Services, clock: FrozenClock
) -> None:
    job_id = _failed_job(services, clock)
    newer = _enqueue(services, clock)

    with pytest.raises(Conflict, match="already queued"), transaction(services.sessions) as session:
        retry_job(session, job_id, now=clock.now())

    assert _keys(services, job_id) == ("failed", None, KEY)
    assert _keys(services, newer) == ("pending", KEY, None)


def test_cancelled_job_retried_holds_its_key_again(services: Services, clock: FrozenClock) -> None:
    job_id = _enqueue(services, clock)
    with transaction(services.sessions) as session:
        cancel_job(session, job_id, now=clock.now())
    assert _keys(services, job_id) == ("failed", None, KEY)

    with transaction(services.sessions) as session:
        retry_job(session, job_id, now=clock.now())

    assert _keys(services, job_id) == ("pending", KEY, None)
