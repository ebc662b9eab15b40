"""Our job types; `enqueue_job` is how the domain queues work with a validated payload."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.orm import Session

from earmark.core.errors import InvalidInput
from earmark.jobs.payloads import PAYLOAD_MODELS, JobPayload
from earmark.queue.engine import enqueue
from earmark.queue.models import DEFAULT_MAX_ATTEMPTS, Job


def enqueue_job(
    session: Session,
    job_type: str,
    payload: JobPayload,
    *,
    now: datetime,
    request_id: uuid.UUID | None = None,
    priority: int = 0,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    dedupe_key: str | None = None,
    run_after: datetime | None = None,
) -> Job:
    """Queue a job in the caller's transaction after checking the payload fits the job type."""
    expected = PAYLOAD_MODELS.get(job_type)
    if expected is None:
        raise InvalidInput(f"Unknown job type '{job_type}'.")
    if type(payload) is not expected:
        raise InvalidInput(
            f"Job type '{job_type}' takes a {expected.__name__}, not a {type(payload).__name__}."
        )
    return enqueue(
        session,
        job_type,
        payload.model_dump(mode="json"),
        now=now,
        request_id=request_id,
        priority=priority,
        max_attempts=max_attempts,
        dedupe_key=dedupe_key,
        run_after=run_after,
    )
