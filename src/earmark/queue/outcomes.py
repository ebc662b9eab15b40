"""Record how an attempt ended: completed, retried later (delayed) or failed for good."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from earmark.db.engine import SessionFactory, transaction
from earmark.queue.backoff import BackoffPolicy
from earmark.queue.engine import ClaimedJob
from earmark.queue.errors import JobFailed, Reschedule, RetryLater
from earmark.queue.models import Job, JobEvent


@dataclass(frozen=True)
class Verdict:
    """What an exception means for the job: may it be retried, after how long, and why."""

    retryable: bool
    message: str
    delay_seconds: float | None
    stack_trace: str | None


@dataclass(frozen=True)
class FailureOutcome:
    status: str
    message: str
    run_after: datetime | None
    recorded: bool

    @property
    def is_final(self) -> bool:
        return self.status == "failed"


def judge(exc: BaseException) -> Verdict:
    if isinstance(exc, JobFailed):
        return Verdict(False, exc.message, None, None)
    if isinstance(exc, RetryLater):
        return Verdict(True, exc.message, exc.delay_seconds, None)
    message = str(exc) or type(exc).__name__
    trace = "".join(traceback.format_exception(exc))
    # Integration errors say whether waiting can help; the queue reads that without importing them.
    transient = getattr(exc, "transient", None)
    retry_after = getattr(exc, "retry_after_seconds", None)
    delay = float(retry_after) if isinstance(retry_after, int | float) else None
    return Verdict(transient is not False, message, delay, trace)


def _owned(claimed: ClaimedJob, worker_id: str) -> Any:
    return (Job.id == claimed.id) & (Job.locked_by == worker_id) & (Job.status == "active")


def _release(
    session: Session, claimed: ClaimedJob, worker_id: str, now: datetime, **values: Any
) -> bool:
    """Apply the attempt's outcome and drop the lease; False when this worker no longer held it."""
    changed = session.execute(
        update(Job)
        .where(_owned(claimed, worker_id))
        .values(updated_at=now, locked_by=None, locked_until=None, **values)
    )
    return bool(changed.rowcount)  # type: ignore[attr-defined]


def record_success(
    sessions: SessionFactory,
    claimed: ClaimedJob,
    worker_id: str,
    result: dict[str, Any] | None,
    now: datetime,
) -> bool:
    """Mark the job completed; False when this worker no longer held it (lease lost)."""
    with transaction(sessions) as session:
        return _release(
            session,
            claimed,
            worker_id,
            now,
            status="completed",
            result=result,
            completed_at=now,
            error_message=None,
            stack_trace=None,
            dedupe_key=None,
        )


def record_reschedule(
    sessions: SessionFactory,
    claimed: ClaimedJob,
    worker_id: str,
    signal: Reschedule,
    result_note: str,
    now: datetime,
) -> bool:
    """Put a polling job back in the queue for later without counting the attempt."""
    with transaction(sessions) as session:
        return _release(
            session,
            claimed,
            worker_id,
            now,
            status="delayed",
            run_after=now + timedelta(seconds=signal.delay_seconds),
            attempts=Job.attempts - 1,
            result={"note": result_note} if result_note else None,
            error_message=None,
            stack_trace=None,
        )


def record_failure(
    sessions: SessionFactory,
    claimed: ClaimedJob,
    worker_id: str,
    exc: BaseException,
    *,
    now: datetime,
    processor: str,
    policy: BackoffPolicy,
    draw: Callable[[], float],
) -> FailureOutcome:
    verdict = judge(exc)
    retry = verdict.retryable and claimed.attempt < claimed.max_attempts
    with transaction(sessions) as session:
        if retry:
            delay = verdict.delay_seconds
            if delay is None:
                delay = policy.delay_seconds(claimed.attempt, draw)
            run_after = now + timedelta(seconds=delay)
            values: dict[str, Any] = {"status": "delayed", "run_after": run_after}
            note = f"Attempt {claimed.attempt}/{claimed.max_attempts} failed; retrying in {delay:.0f} s"
            level = "warn"
        else:
            run_after = None
            # SET evaluates every right-hand side on the old row: the key moves, then clears.
            values = {
                "status": "failed",
                "completed_at": now,
                "released_dedupe_key": Job.dedupe_key,
                "dedupe_key": None,
            }
            note = f"Attempt {claimed.attempt}/{claimed.max_attempts} failed; giving up"
            level = "error"
        values |= {"error_message": verdict.message, "stack_trace": verdict.stack_trace}
        recorded = _release(session, claimed, worker_id, now, **values)
        if recorded:
            _add_event(session, claimed, level, processor, f"{note}: {verdict.message}", now)
    return FailureOutcome(values["status"], verdict.message, run_after, recorded)


def _add_event(
    session: Session, claimed: ClaimedJob, level: str, processor: str, message: str, now: datetime
) -> None:
    session.add(
        JobEvent(job_id=claimed.id, level=level, context=processor, message=message, created_at=now)
    )
