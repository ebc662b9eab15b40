"""Enqueue jobs in the caller's transaction and claim the next runnable one safely across processes."""

from __future__ import annotations

import uuid
import zlib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from earmark.db.engine import SessionFactory, transaction
from earmark.queue.models import DEFAULT_MAX_ATTEMPTS, Job

CLAIMABLE_STATUSES = ("pending", "delayed", "stuck")


@dataclass(frozen=True)
class ClaimedJob:
    id: uuid.UUID
    type: str
    request_id: uuid.UUID | None
    payload: dict[str, Any]
    attempt: int
    max_attempts: int


def enqueue(
    session: Session,
    job_type: str,
    payload: dict[str, Any],
    *,
    now: datetime,
    request_id: uuid.UUID | None = None,
    priority: int = 0,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    dedupe_key: str | None = None,
    run_after: datetime | None = None,
) -> Job:
    """Add a job to the caller's transaction (no commit); an unfinished duplicate is returned."""
    job = Job(
        id=uuid.uuid4(),
        type=job_type,
        status="pending",
        payload=payload,
        request_id=request_id,
        priority=priority,
        attempts=0,
        max_attempts=max_attempts,
        dedupe_key=dedupe_key,
        run_after=run_after or now,
        created_at=now,
        updated_at=now,
    )
    if dedupe_key is None:
        session.add(job)
        return job
    existing = unfinished_with_key(session, dedupe_key)
    if existing is not None:
        return existing
    try:
        # The savepoint keeps the caller's transaction usable when another process wins the race.
        with session.begin_nested():
            session.add(job)
    except IntegrityError:
        existing = unfinished_with_key(session, dedupe_key)
        if existing is None:
            raise
        return existing
    return job


def unfinished_with_key(session: Session, dedupe_key: str) -> Job | None:
    """The job holding `dedupe_key` (keys are cleared when jobs finish, so it is unfinished)."""
    return session.scalars(select(Job).where(Job.dedupe_key == dedupe_key)).first()


def claim_next(
    sessions: SessionFactory,
    *,
    worker_id: str,
    now: datetime,
    lease_seconds: float,
    job_types: Collection[str],
    limits: Mapping[str, int],
) -> ClaimedJob | None:
    """Lock the best runnable job for `worker_id`, respecting per-type concurrency limits."""
    allowed = set(job_types)
    with transaction(sessions) as session:
        while allowed:
            job = _best_candidate(session, now, allowed)
            if job is None:
                return None
            limit = limits.get(job.type)
            if limit is not None and not _has_capacity(session, job.type, limit):
                allowed.discard(job.type)
                continue
            job.status = "active"
            job.attempts += 1
            job.locked_by = worker_id
            job.locked_until = now + timedelta(seconds=lease_seconds)
            job.started_at = now
            job.updated_at = now
            return ClaimedJob(
                job.id, job.type, job.request_id, dict(job.payload), job.attempts, job.max_attempts
            )
    return None


def _best_candidate(session: Session, now: datetime, job_types: Collection[str]) -> Job | None:
    query = (
        select(Job)
        .where(
            Job.status.in_(CLAIMABLE_STATUSES),
            Job.run_after <= now,
            Job.type.in_(sorted(job_types)),
        )
        .order_by(Job.priority.desc(), Job.run_after, Job.created_at)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    return session.scalars(query).first()


def _has_capacity(session: Session, job_type: str, limit: int) -> bool:
    if session.get_bind().dialect.name == "postgresql":
        # Serialises the count-then-claim of one job type across processes until commit;
        # SQLite needs nothing here because BEGIN IMMEDIATE already serialises claims.
        lock_key = zlib.crc32(f"earmark-jobs:{job_type}".encode())
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock_key})
    active = session.scalar(
        select(func.count()).select_from(Job).where(Job.type == job_type, Job.status == "active")
    )
    return (active or 0) < limit
