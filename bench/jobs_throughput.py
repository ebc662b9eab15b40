"""Benchmark: jobs per second claimed and completed on SQLite and PostgreSQL; prints JSON."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from earmark.core.clock import SystemClock
from earmark.db.engine import build_engine, build_session_factory, transaction
from earmark.db.push import push_schema
from earmark.queue.context import JobContext
from earmark.queue.engine import enqueue
from earmark.queue.registry import JobSpec
from earmark.queue.runner import JobRunner
from earmark.schema import metadata

JOB_TYPE = "audible_refresh"
JOB_COUNT = int(os.environ.get("BENCH_JOBS", "2000"))
THREADS = int(os.environ.get("BENCH_THREADS", "4"))
PG_ADMIN_URL = os.environ.get(
    "EARMARK_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


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


def measure_postgresql() -> dict[str, Any]:
    name = f"earmark_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            return measure(PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}")
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    except Exception as exc:  # the figure is optional when no server is reachable
        return {"error": f"PostgreSQL unavailable: {exc.__class__.__name__}: {exc}"}
    finally:
        admin.dispose()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        sqlite = measure(f"sqlite:///{Path(folder) / 'bench.db'}")
    json.dump({"sqlite": sqlite, "postgresql": measure_postgresql()}, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
