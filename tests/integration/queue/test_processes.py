"""Several worker processes against one database: exactly-once draining and SIGKILL recovery."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from earmark.core.clock import SystemClock
from earmark.db.engine import transaction
from earmark.queue.engine import enqueue
from earmark.queue.models import Job, JobEvent
from earmark.queue.registry import JobSpec
from earmark.queue.runner import JobRunner
from earmark.queue.worker import PoolTiming, WorkerPool
from earmark.wiring import Services
from tests.integration.queue.worker_entry import (
    HANG_LEASE_SECONDS,
    TEST_JOB_TYPE,
    hang_on_first_attempt,
)

REPO_ROOT = Path(__file__).resolve().parents[3]


def _spawn(database_url: str, data_dir: Path, mode: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.integration.queue.worker_entry",
            database_url,
            str(data_dir),
            mode,
        ],
        cwd=REPO_ROOT,
        env=env,
    )


def _wait_for(condition: Callable[[], bool], timeout_seconds: float) -> None:
    deadline = time.monotonic() + timeout_seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.1)


def test_four_worker_processes_run_each_job_exactly_once(
    services: Services, database_url: str, tmp_path: Path
) -> None:
    if services.engine.dialect.name != "postgresql":
        pytest.skip("the many-process acceptance runs on PostgreSQL")
    now = SystemClock().now()
    with transaction(services.sessions) as session:
        for n in range(2000):
            enqueue(session, TEST_JOB_TYPE, {"n": n}, now=now)
    workers = [_spawn(database_url, tmp_path / "data", "drain") for _ in range(4)]
    for process in workers:
        assert process.wait(timeout=90) == 0
    with services.sessions() as session:
        statuses = session.execute(select(Job.status, func.count()).group_by(Job.status)).all()
        runs_per_job = session.execute(
            select(JobEvent.job_id, func.count()).group_by(JobEvent.job_id)
        ).all()
        results = session.scalars(select(Job.result)).all()
    assert dict(statuses) == {"completed": 2000}
    assert len(runs_per_job) == 2000 and {count for _, count in runs_per_job} == {1}
    assert len({result["pid"] for result in results if result}) >= 2


def _job_status(services: Services, job_id: uuid.UUID) -> str:
    with services.sessions() as session:
        job = session.get(Job, job_id)
        assert job is not None
        return job.status


def test_sigkilled_worker_job_becomes_stuck_and_completes_elsewhere(
    services: Services, database_url: str, tmp_path: Path
) -> None:
    with transaction(services.sessions) as session:
        job_id = enqueue(session, TEST_JOB_TYPE, {}, now=SystemClock().now()).id
    doomed = _spawn(database_url, tmp_path / "data", "hang")
    try:
        _wait_for(lambda: _job_status(services, job_id) == "active", 30)
        # Longer than the lease: only renewal by the live process keeps the job active.
        time.sleep(HANG_LEASE_SECONDS * 2)
        assert _job_status(services, job_id) == "active"
    finally:
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(10)
    runner = JobRunner(
        services.sessions,
        {TEST_JOB_TYPE: JobSpec(TEST_JOB_TYPE, "TestProcessor", hang_on_first_attempt)},
        resources=services,
        clock=SystemClock(),
        lease_seconds=HANG_LEASE_SECONDS,
    )
    pool = WorkerPool(runner, threads=1, timing=PoolTiming(0.05, 0.2), run_scheduler=False)
    pool.start()
    try:
        _wait_for(lambda: _job_status(services, job_id) == "completed", 30)
    finally:
        pool.stop()
    with services.sessions() as session:
        job = session.get(Job, job_id)
        messages = session.scalars(select(JobEvent.message).where(JobEvent.job_id == job_id)).all()
    assert job is not None and job.attempts == 2 and job.result == {"attempt": 2}
    assert any("stuck" in message for message in messages)
