"""Scheduler: seeding, exactly-once firing across restarts, overdue catch-up once, no pile-up."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from earmark.core.clock import FrozenClock
from earmark.core.errors import InvalidInput
from earmark.db.engine import transaction
from earmark.jobs.schedules import DEFAULT_SCHEDULES
from earmark.queue.models import Job
from earmark.queue.scheduler import (
    ScheduleDefault,
    fire_due,
    list_schedules,
    seed_schedules,
    trigger_schedule,
    update_schedule,
)
from earmark.settings import BootSettings
from earmark.wiring import Services, build_services

EVERY_FIVE = ScheduleDefault("tick", "plex_recently_added_check", "*/5 * * * *")


def _job_count(services: Services) -> int:
    with services.sessions() as session:
        return session.scalar(select(func.count()).select_from(Job)) or 0


def _complete_all(services: Services) -> None:
    with transaction(services.sessions) as session:
        for job in session.scalars(select(Job)).all():
            job.status, job.dedupe_key = "completed", None


def test_seed_schedules_inserts_defaults_and_keeps_edits(
    services: Services, clock: FrozenClock
) -> None:
    seed_schedules(services.sessions, DEFAULT_SCHEDULES, now=clock.now())
    with transaction(services.sessions) as session:
        update_schedule(session, "audible_refresh", now=clock.now(), cron="0 1 * * *")
    seed_schedules(services.sessions, DEFAULT_SCHEDULES, now=clock.now())
    with services.sessions() as session:
        schedules = {s.name: s.cron for s in list_schedules(session)}
    assert len(schedules) == 8 and schedules["audible_refresh"] == "0 1 * * *"
    assert schedules["check_follows"] == "0 6 * * *"
    assert schedules["plex_recently_added_check"] == "*/5 * * * *"


def test_fire_due_fires_once_per_due_time_across_restart(
    services: Services, boot_settings: BootSettings, clock: FrozenClock
) -> None:
    seed_schedules(services.sessions, [EVERY_FIVE], now=clock.now())
    assert fire_due(services.sessions, now=clock.now()) == []
    clock.advance(timedelta(minutes=5))
    assert fire_due(services.sessions, now=clock.now()) == ["tick"]
    restarted = build_services(boot_settings)
    try:
        seed_schedules(restarted.sessions, [EVERY_FIVE], now=clock.now())
        assert fire_due(restarted.sessions, now=clock.now()) == []
        assert fire_due(services.sessions, now=clock.now() + timedelta(seconds=30)) == []
    finally:
        restarted.close()
    assert _job_count(services) == 1


def test_fire_due_overdue_schedule_fires_once_not_per_missed_period(
    services: Services, clock: FrozenClock
) -> None:
    seed_schedules(services.sessions, [EVERY_FIVE], now=clock.now())
    clock.advance(timedelta(hours=3, minutes=2))
    assert fire_due(services.sessions, now=clock.now()) == ["tick"]
    assert fire_due(services.sessions, now=clock.now()) == []
    with services.sessions() as session:
        (schedule,) = list_schedules(session)
    assert schedule.next_run_at == clock.now() + timedelta(minutes=3)


def test_fire_due_slow_previous_run_does_not_pile_up(
    services: Services, clock: FrozenClock
) -> None:
    seed_schedules(services.sessions, [EVERY_FIVE], now=clock.now())
    for _ in range(3):
        clock.advance(timedelta(minutes=5))
        fire_due(services.sessions, now=clock.now())
    assert _job_count(services) == 1
    _complete_all(services)
    clock.advance(timedelta(minutes=5))
    fire_due(services.sessions, now=clock.now())
    assert _job_count(services) == 2


def test_fire_due_disabled_schedule_never_fires(services: Services, clock: FrozenClock) -> None:
    seed_schedules(services.sessions, [EVERY_FIVE], now=clock.now())
    with transaction(services.sessions) as session:
        update_schedule(session, "tick", now=clock.now(), enabled=False)
    clock.advance(timedelta(hours=1))
    assert fire_due(services.sessions, now=clock.now()) == []


def test_trigger_schedule_queues_job_now(services: Services, clock: FrozenClock) -> None:
    seed_schedules(services.sessions, [EVERY_FIVE], now=clock.now())
    with transaction(services.sessions) as session:
        job = trigger_schedule(session, "tick", now=clock.now())
        assert (job.type, job.status, job.dedupe_key) == (
            "plex_recently_added_check",
            "pending",
            "schedule:tick",
        )


@pytest.mark.parametrize("cron", ["every day", "* * *", "61 * * * *", "* * * * * *"])
def test_update_schedule_bad_cron_is_refused(
    services: Services, clock: FrozenClock, cron: str
) -> None:
    seed_schedules(services.sessions, [EVERY_FIVE], now=clock.now())
    with services.sessions() as session, pytest.raises(InvalidInput, match="cron"):
        update_schedule(session, "tick", now=clock.now(), cron=cron)
