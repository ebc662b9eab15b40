"""Pieces every benchmark script shares: a free loopback port, a scratch PostgreSQL database,
and the two-database report (the scripts run with bench/ on sys.path, so `import support`)."""

from __future__ import annotations

import compileall
import json
import os
import socket
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

PG_ADMIN_URL = os.environ.get(
    "EARMARK_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)

Measure = Callable[[str], dict[str, Any]]


def python_loop_seconds() -> float:
    """Seconds for 10 million integer additions: how fast this machine runs Python right now.

    The shared 2-core host was measured 30% slower at one hour than at another; figures taken
    at different times compare only next to this number.
    """
    started = time.perf_counter()
    total = 0
    for number in range(10_000_000):
        total += number
    return round(time.perf_counter() - started, 3)


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (steadier than wall time on a busy host)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def compile_bytecode() -> None:
    """Write Earmark's .pyc files, as an installed wheel has them (a checkout run with
    PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module at every start)."""
    import earmark

    compileall.compile_dir(Path(earmark.__file__).parent, quiet=1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def scratch_postgres_database() -> Iterator[str]:
    """A PostgreSQL database of our own, dropped afterwards."""
    name = f"earmark_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def measure_postgresql(measure: Measure) -> dict[str, Any]:
    try:
        with scratch_postgres_database() as url:
            return measure(url)
    except Exception as exc:  # the figure is optional when no server is reachable
        return {"error": f"PostgreSQL unavailable: {exc.__class__.__name__}: {exc}"}


def report_both_databases(measure: Measure) -> None:
    """Run `measure` on a throw-away SQLite file and a scratch PostgreSQL database; print JSON."""
    with tempfile.TemporaryDirectory() as folder:
        sqlite = measure(f"sqlite:///{Path(folder) / 'bench.db'}")
    json.dump({"sqlite": sqlite, "postgresql": measure_postgresql(measure)}, sys.stdout, indent=2)
    sys.stdout.write("\n")
