"""A worker process for the multi-process tests: `python -m ... <db_url> <data_dir> <mode>`."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from earmark.core.clock import SystemClock
from earmark.queue.context import JobContext
from earmark.queue.registry import JobSpec
from earmark.queue.runner import JobRunner
from earmark.queue.worker import PoolTiming, WorkerPool, worker_id_for
from earmark.settings import BootSettings
from earmark.wiring import build_services

TEST_JOB_TYPE = "audible_refresh"
HANG_LEASE_SECONDS = 1.5


def count_run(ctx: JobContext, payload: dict[str, Any]) -> dict[str, Any]:
    ctx.log.info("ran")
    return {"n": payload.get("n"), "pid": os.getpid()}


def hang_on_first_attempt(ctx: JobContext, payload: dict[str, Any]) -> dict[str, Any]:
    ctx.log.info("started", attempt=ctx.attempt)
    if ctx.attempt == 1:
        time.sleep(120)
    return {"attempt": ctx.attempt}


def drain(runner: JobRunner) -> None:
    worker_id = worker_id_for("drain")
    idle_polls = 0
    while idle_polls < 3:
        if runner.run_next(worker_id):
            idle_polls = 0
        else:
            idle_polls += 1
            time.sleep(0.05)


def main(database_url: str, data_dir: str, mode: str) -> None:
    services = build_services(
        BootSettings(data_dir=Path(data_dir), database_url=database_url, run_worker=False)
    )
    handler = count_run if mode == "drain" else hang_on_first_attempt
    registry = {TEST_JOB_TYPE: JobSpec(TEST_JOB_TYPE, "TestProcessor", handler)}
    runner = JobRunner(
        services.sessions,
        registry,
        resources=services,
        clock=SystemClock(),
        lease_seconds=HANG_LEASE_SECONDS,
    )
    if mode == "drain":
        drain(runner)
    else:
        pool = WorkerPool(runner, threads=1, timing=PoolTiming(0.05, 0.2), run_scheduler=False)
        pool.start()
        pool.wait()
    services.close()


if __name__ == "__main__":
    main(*sys.argv[1:4])
