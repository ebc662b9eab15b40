"""Leases on running jobs: renewal by the live worker, and reaping of leases that ran out."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy import select, update

from earmark.db.engine import SessionFactory, transaction
from earmark.queue.engine import ClaimedJob
from earmark.queue.models import Job, JobEvent

LEASE_LOST_MESSAGE = (
    "The worker running this job stopped responding before its lease ran out "
    "(process killed or machine stopped)."
)


def renew_leases(
    sessions: SessionFactory,
    held: Mapping[uuid.UUID, str],
    *,
    now: datetime,
    lease_seconds: float,
) -> int:
    """Push out the leases this process still holds; returns how many were renewed."""
    if not held:
        return 0
    renewed = 0
    locked_until = now + timedelta(seconds=lease_seconds)
    with transaction(sessions) as session:
        for job_id, worker_id in held.items():
            result = session.execute(
                update(Job)
                .where(Job.id == job_id, Job.locked_by == worker_id, Job.status == "active")
                .values(locked_until=locked_until)
            )
            renewed += result.rowcount  # type: ignore[attr-defined]
    return renewed


def reap_expired(sessions: SessionFactory, *, now: datetime) -> list[ClaimedJob]:
    """Turn active jobs with expired leases `stuck` (claimable again) or `failed` when no
    attempts remain; returns the jobs that failed so their final-failure hooks can run."""
    failed: list[ClaimedJob] = []
    with transaction(sessions) as session:
        expired = session.scalars(
            select(Job)
            .where(Job.status == "active", Job.locked_until < now)
            .with_for_update(skip_locked=True)
        ).all()
        for job in expired:
            job.locked_by = None
            job.locked_until = None
            job.error_message = LEASE_LOST_MESSAGE
            job.updated_at = now
            if job.attempts < job.max_attempts:
                job.status = "stuck"
                job.run_after = now
                level, note = "warn", "Job stuck: lease expired; it will be retried"
            else:
                job.status = "failed"
                job.completed_at = now
                job.release_dedupe_key()
                level, note = "error", "Job failed: lease expired on its last attempt"
                failed.append(
                    ClaimedJob(
                        job.id,
                        job.type,
                        job.request_id,
                        dict(job.payload),
                        job.attempts,
                        job.max_attempts,
                    )
                )
            session.add(
                JobEvent(job_id=job.id, level=level, context="Queue", message=note, created_at=now)
            )
    return failed
