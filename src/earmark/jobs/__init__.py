"""Our job types; `enqueue_job` is the only way the domain queues work.

The payload model says which job it is (`payloads.py`), so a job type and its payload can never
disagree. Domain packages may import this module and `earmark.jobs.payloads`, nothing else of
`earmark.jobs` (handlers and the registry import the domain, not the other way round).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from earmark.core.errors import InvalidInput
from earmark.jobs.payloads import PAYLOAD_MODELS, JobPayload
from earmark.queue.engine import enqueue
from earmark.queue.models import DEFAULT_MAX_ATTEMPTS, Job


def enqueue_job(
    session: Session,
    payload: JobPayload,
    *,
    now: datetime,
    priority: int = 0,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    dedupe_key: str | None = None,
    run_after: datetime | None = None,
) -> Job:
    """Queue the job `payload` describes, in the caller's transaction.

    The job row's request is the payload's `request_id` when it has one.
    """
    if PAYLOAD_MODELS.get(getattr(payload, "job_type", "")) is not type(payload):
        raise InvalidInput(f"{type(payload).__name__} is not a registered job payload.")
    return enqueue(
        session,
        payload.job_type,
        payload.model_dump(mode="json"),
        now=now,
        request_id=request_of(payload),
        priority=priority,
        max_attempts=max_attempts,
        dedupe_key=dedupe_key,
        run_after=run_after,
    )


def enqueue_step(
    session: Session,
    payload: JobPayload,
    *,
    now: datetime,
    priority: int = 0,
    delay_seconds: float = 0.0,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
) -> Job:
    """Queue a pipeline step of one request; one job of each type per request at a time."""
    request_id = request_of(payload)
    if request_id is None:
        raise InvalidInput(f"A {payload.job_type} step needs the request it works for.")
    return enqueue_job(
        session,
        payload,
        now=now,
        priority=priority,
        max_attempts=max_attempts,
        dedupe_key=f"{payload.job_type}:{request_id}",
        run_after=now + timedelta(seconds=delay_seconds),
    )


def request_of(payload: JobPayload) -> uuid.UUID | None:
    """The request a payload works for, if any (pipeline payloads carry `request_id`)."""
    value = getattr(payload, "request_id", None)
    return value if isinstance(value, uuid.UUID) else None
