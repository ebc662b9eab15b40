"""Recurring jobs: seed defaults, fire each due schedule exactly once, edit and trigger."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from croniter import croniter
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from earmark.core.errors import InvalidInput, NotFound
from earmark.db.engine import SessionFactory, transaction
from earmark.queue.engine import enqueue
from earmark.queue.models import Job
from earmark.queue.schedule_models import ScheduledJob

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScheduleDefault:
    name: str
    job_type: str
    cron: str
    payload: dict[str, Any] = field(default_factory=dict)


def validate_cron(expression: str) -> str:
    cleaned = " ".join(expression.split())
    if len(cleaned.split(" ")) != 5 or not croniter.is_valid(cleaned):
        raise InvalidInput(
            f"'{expression}' is not a valid cron expression; use five fields "
            "(minute hour day-of-month month day-of-week), e.g. '*/15 * * * *'."
        )
    return cleaned


def next_fire_after(expression: str, moment: datetime) -> datetime:
    fire: datetime = croniter(expression, moment).get_next(datetime)
    return fire


def dedupe_key_for(name: str) -> str:
    return f"schedule:{name}"


def seed_schedules(
    sessions: SessionFactory, defaults: Iterable[ScheduleDefault], *, now: datetime
) -> None:
    """Insert the default schedules that are missing; edits made by admins are kept."""
    with transaction(sessions) as session:
        known = set(session.scalars(select(ScheduledJob.name)).all())
        for default in defaults:
            if default.name in known:
                continue
            row = ScheduledJob(
                name=default.name,
                job_type=default.job_type,
                cron=validate_cron(default.cron),
                enabled=True,
                payload=dict(default.payload),
                next_run_at=next_fire_after(default.cron, now),
                created_at=now,
                updated_at=now,
            )
            try:
                with session.begin_nested():
                    session.add(row)
            except IntegrityError:
                log.debug("schedule %s was seeded by another process", default.name)


def fire_due(sessions: SessionFactory, *, now: datetime) -> list[str]:
    """Enqueue every enabled schedule whose time has come; returns the names fired here."""
    with sessions() as session:
        rows = session.execute(
            select(ScheduledJob.id, ScheduledJob.next_run_at).where(
                ScheduledJob.enabled.is_(True), ScheduledJob.next_run_at <= now
            )
        ).all()
    due = [(row.id, row.next_run_at) for row in rows if row.next_run_at is not None]
    fired = []
    for schedule_id, due_at in due:
        with transaction(sessions) as session:
            name = _fire_one(session, schedule_id, due_at, now)
        if name is not None:
            fired.append(name)
    return fired


def _fire_one(
    session: Session, schedule_id: uuid.UUID, due_at: datetime, now: datetime
) -> str | None:
    schedule = session.get(ScheduledJob, schedule_id)
    if schedule is None:
        return None
    # An overdue schedule fires once and then moves to the next time after now, never catching
    # up on missed periods; the compare-and-set on next_run_at makes one process the winner.
    claimed = session.execute(
        update(ScheduledJob)
        .where(ScheduledJob.id == schedule_id, ScheduledJob.next_run_at == due_at)
        .values(next_run_at=next_fire_after(schedule.cron, now), last_run_at=now, updated_at=now)
    )
    if not claimed.rowcount:  # type: ignore[attr-defined]
        return None
    enqueue(
        session,
        schedule.job_type,
        dict(schedule.payload),
        now=now,
        dedupe_key=dedupe_key_for(schedule.name),
    )
    return schedule.name


def list_schedules(session: Session) -> list[ScheduledJob]:
    return list(session.scalars(select(ScheduledJob).order_by(ScheduledJob.name)).all())


def update_schedule(
    session: Session,
    name: str,
    *,
    now: datetime,
    cron: str | None = None,
    enabled: bool | None = None,
) -> ScheduledJob:
    schedule = _get(session, name)
    if cron is not None:
        schedule.cron = validate_cron(cron)
    if enabled is not None:
        schedule.enabled = enabled
    schedule.next_run_at = next_fire_after(schedule.cron, now)
    schedule.updated_at = now
    session.flush()
    return schedule


def trigger_schedule(session: Session, name: str, *, now: datetime) -> Job:
    """Queue the schedule's job now; a run still waiting or running is returned instead."""
    schedule = _get(session, name)
    schedule.last_run_at = now
    return enqueue(
        session,
        schedule.job_type,
        dict(schedule.payload),
        now=now,
        dedupe_key=dedupe_key_for(schedule.name),
    )


def _get(session: Session, name: str) -> ScheduledJob:
    schedule = session.scalars(select(ScheduledJob).where(ScheduledJob.name == name)).first()
    if schedule is None:
        raise NotFound(f"There is no schedule named '{name}'.")
    return schedule
