"""Admin operations on jobs: filtered listings, detail with events, retry and cancel."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from earmark.core.errors import Conflict, NotFound
from earmark.queue.engine import ClaimedJob, unfinished_with_key
from earmark.queue.models import Job, JobEvent

CANCEL_MESSAGE = "cancelled by admin"
RETRYABLE_STATUSES = ("failed", "stuck")
CANCELLABLE_STATUSES = ("pending", "delayed")

Row = TypeVar("Row")


@dataclass(frozen=True)
class Page(Generic[Row]):
    items: list[Row]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True)
class JobFilter:
    job_type: str | None = None
    status: str | None = None
    request_id: uuid.UUID | None = None


@dataclass(frozen=True)
class EventFilter:
    level: str | None = None
    job_type: str | None = None
    request_id: uuid.UUID | None = None
    text: str | None = None


def _page(session: Session, query: Select[Any], limit: int, offset: int) -> tuple[list[Any], int]:
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = list(session.scalars(query.limit(limit).offset(offset)).all())
    return rows, total or 0


def list_jobs(session: Session, where: JobFilter, *, limit: int, offset: int) -> Page[Job]:
    query = select(Job).order_by(Job.created_at.desc(), Job.id)
    if where.job_type:
        query = query.where(Job.type == where.job_type)
    if where.status:
        query = query.where(Job.status == where.status)
    if where.request_id:
        query = query.where(Job.request_id == where.request_id)
    rows, total = _page(session, query, limit, offset)
    return Page(rows, total, limit, offset)


def list_events(session: Session, where: EventFilter, *, limit: int, offset: int) -> Page[JobEvent]:
    query = select(JobEvent).order_by(JobEvent.created_at.desc(), JobEvent.id)
    if where.level:
        query = query.where(JobEvent.level == where.level)
    if where.job_type or where.request_id:
        query = query.join(Job, Job.id == JobEvent.job_id)
    if where.job_type:
        query = query.where(Job.type == where.job_type)
    if where.request_id:
        query = query.where(Job.request_id == where.request_id)
    if where.text:
        query = query.where(JobEvent.message.ilike(f"%{_escape_like(where.text)}%", escape="\\"))
    rows, total = _page(session, query, limit, offset)
    return Page(rows, total, limit, offset)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def get_job(session: Session, job_id: uuid.UUID) -> Job:
    job = session.get(Job, job_id)
    if job is None:
        raise NotFound("That job does not exist (it may have been cleaned up).")
    return job


def job_events(session: Session, job_id: uuid.UUID) -> list[JobEvent]:
    query = select(JobEvent).where(JobEvent.job_id == job_id).order_by(JobEvent.created_at)
    return list(session.scalars(query).all())


def retry_job(session: Session, job_id: uuid.UUID, *, now: datetime) -> Job:
    """Give a failed or stuck job a fresh set of attempts, runnable at once.

    A failed job takes back the dedupe key it released, so nothing identical can be queued
    beside it; when an identical job was queued meanwhile, the retry is refused instead.
    """
    job = get_job(session, job_id)
    if job.status not in RETRYABLE_STATUSES:
        raise Conflict(f"Only failed or stuck jobs can be retried; this one is {job.status}.")
    if job.dedupe_key is None and job.released_dedupe_key is not None:
        _take_back_dedupe_key(session, job, job.released_dedupe_key)
    job.status = "pending"
    job.attempts = 0
    job.run_after = now
    job.completed_at = None
    job.locked_by = None
    job.locked_until = None
    job.updated_at = now
    session.add(_admin_event(job, "info", "Retried by admin", now))
    session.flush()
    return job


def _take_back_dedupe_key(session: Session, job: Job, key: str) -> None:
    holder = unfinished_with_key(session, key)
    if holder is not None:
        raise Conflict(
            f"An identical {holder.type} job is already queued ({holder.id}, {holder.status}); "
            "retrying this one would run the same work twice."
        )
    job.dedupe_key, job.released_dedupe_key = key, None
    try:
        session.flush()
    except IntegrityError as exc:
        raise Conflict(
            f"An identical {job.type} job was queued just now; retrying this one would run "
            "the same work twice."
        ) from exc


def cancel_job(session: Session, job_id: uuid.UUID, *, now: datetime) -> ClaimedJob:
    """Fail a job that has not started; returns what the final-failure hook needs."""
    job = get_job(session, job_id)
    if job.status not in CANCELLABLE_STATUSES:
        raise Conflict(f"Only pending or delayed jobs can be cancelled; this one is {job.status}.")
    job.status = "failed"
    job.error_message = CANCEL_MESSAGE
    job.completed_at = now
    job.release_dedupe_key()
    job.updated_at = now
    session.add(_admin_event(job, "warn", "Cancelled by admin", now))
    session.flush()
    return ClaimedJob(
        job.id, job.type, job.request_id, dict(job.payload), job.attempts, job.max_attempts
    )


def _admin_event(job: Job, level: str, message: str, now: datetime) -> JobEvent:
    return JobEvent(job_id=job.id, level=level, context="Admin", message=message, created_at=now)
