"""Starts the job engine for this application: seeded schedules and a pool of worker threads."""

from __future__ import annotations

from earmark.jobs.registry import job_registry
from earmark.jobs.schedules import DEFAULT_SCHEDULES
from earmark.queue.runner import JobRunner
from earmark.queue.scheduler import seed_schedules
from earmark.queue.worker import PoolTiming, WorkerPool
from earmark.wiring import Services

DEFAULT_LEASE_SECONDS = 60.0


def seed_default_schedules(services: Services) -> None:
    seed_schedules(services.sessions, DEFAULT_SCHEDULES, now=services.clock.now())


def build_worker_pool(
    services: Services,
    *,
    threads: int,
    lease_seconds: float = DEFAULT_LEASE_SECONDS,
    timing: PoolTiming | None = None,
) -> WorkerPool:
    runner = JobRunner(
        services.sessions,
        job_registry(),
        resources=services,
        clock=services.clock,
        lease_seconds=lease_seconds,
    )
    return WorkerPool(runner, threads=threads, timing=timing)
