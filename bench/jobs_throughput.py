"""Benchmark: jobs per second claimed and completed on SQLite and PostgreSQL; prints JSON."""

from __future__ import annotations

import os
import threading
import time
from typing import Any

from earmark.core.clock import SystemClock
from earmark.db.engine import build_engine, build_session_factory, transaction
from earmark.db.push import push_schema
from earmark.queue.context import JobContext
from earmark.queue.engine import enqueue
from earmark.queue.registry import JobSpec
from earmark.queue.runner import JobRunner
from earmark.schema import metadata
from support import report_both_databases

JOB_TYPE = "audible_refresh"
JOB_COUNT = int(os.environ.get("BENCH_JOBS", "2000"))
THREADS = int(os.environ.get("BENCH_THREADS", "4"))


def _no_op(ctx: JobContext, payload: dict[str, Any]) -> None:
    return None


def measure(database_url: str) -> dict[str, Any]:
    engine = build_engine(database_url)
    push_schema(engine, metadata(), accept_data_loss=False)
    sessions = build_session_factory(engine)
    clock = SystemClock()
    with transaction(sessions) as session:
        for n in range(JOB_COUNT):
            enqueue(session, JOB_TYPE, {"n": n}, now=clock.now())
    registry = {JOB_TYPE: JobSpec(JOB_TYPE, "Bench", _no_op)}
    runner = JobRunner(sessions, registry, resources=None, clock=clock)

    def drain(name: str) -> None:
        while runner.run_next(name):
            pass

    threads = [threading.Thread(target=drain, args=(f"bench-{i}",)) for i in range(THREADS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    engine.dispose()
    return {
        "jobs": JOB_COUNT,
        "threads": THREADS,
        "seconds": round(elapsed, 3),
        "jobs_per_second": round(JOB_COUNT / elapsed, 1),
    }


def main() -> None:
    report_both_databases(measure)


if __name__ == "__main__":
    main()
