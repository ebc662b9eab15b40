"""Benchmark: a real `earmark serve` under HTTP load (wrk) on SQLite and PostgreSQL; prints JSON.

Each point reports requests/s and p50/p99 latency (wrk's) and the server's CPU time per request
(from /proc), which moves far less than wall time when other work shares the host. Points are
taken in interleaved rounds (BENCH_ROUNDS, every endpoint and concurrency once per round) and
the round with the median requests/s is reported with every round's figure.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert, text

from earmark.catalog.models import AudibleCache
from earmark.db.engine import build_engine, build_session_factory, transaction
from earmark.db.push import push_schema
from earmark.requests.models import Audiobook, Request
from earmark.requests.states import RequestStatus
from earmark.schema import metadata
from earmark.security.crypto import Cipher, generate_key_text, parse_key
from earmark.security.tokens import TokenIssuer
from earmark.users.models import User
from support import (
    compile_bytecode,
    free_port,
    process_cpu_seconds,
    python_loop_seconds,
    report_both_databases,
)

REQUEST_COUNT = int(os.environ.get("BENCH_REQUESTS", "10000"))
POPULAR_COUNT = int(os.environ.get("BENCH_POPULAR", "250"))
SECONDS_PER_RUN = int(os.environ.get("BENCH_SECONDS", "5"))
CONCURRENCY = [int(c) for c in os.environ.get("BENCH_CONCURRENCY", "1,16,64").split(",")]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
ENDPOINTS = {
    "requests": "/api/requests",
    "popular": "/api/catalog/popular",
    "health": "/api/health",
}
START_TIMEOUT_SECONDS = 60.0
STATUSES = [
    RequestStatus.PENDING,
    RequestStatus.SEARCHING,
    RequestStatus.DOWNLOADING,
    RequestStatus.DOWNLOADED,
    RequestStatus.AVAILABLE,
    RequestStatus.FAILED,
]


@dataclass
class Seeded:
    bearer_token: str


@dataclass
class RunningServer:
    base_url: str
    process: subprocess.Popen[bytes]
    healthy_after_seconds: float
    cpu_seconds_when_healthy: float


def _book_rows(count: int) -> list[dict[str, Any]]:
    return [
        {
            "id": uuid.uuid4(),
            "audible_asin": f"B{n:09d}",
            "title": f"Benchmark Book {n}",
            "author": f"Author {n % 500}",
            "narrator": f"Narrator {n % 300}",
            "status": "requested",
        }
        for n in range(count)
    ]


def seed(database_url: str, key_text: str) -> Seeded:
    """One user with REQUEST_COUNT requests and a popular chart of POPULAR_COUNT books."""
    engine = build_engine(database_url)
    push_schema(engine, metadata(), accept_data_loss=False)
    sessions = build_session_factory(engine)
    now = datetime.now(UTC)
    books = _book_rows(REQUEST_COUNT)
    with transaction(sessions) as session:
        user = User(plex_id="bench-user", plex_username="bench", role="user")
        session.add(user)
        session.flush()
        session.execute(insert(Audiobook), books)
        session.execute(
            insert(Request),
            [
                {
                    "id": uuid.uuid4(),
                    "user_id": user.id,
                    "audiobook_id": book["id"],
                    "status": STATUSES[n % len(STATUSES)],
                    "created_at": now - timedelta(minutes=n),
                    "updated_at": now - timedelta(minutes=n),
                }
                for n, book in enumerate(books)
            ],
        )
        session.execute(insert(AudibleCache), _popular_rows(now))
    with engine.connect() as connection:
        # Table statistics, as autovacuum gathers them within a minute of a bulk change: without
        # them PostgreSQL guessed 30 requests for the user and hash-joined all 10,000 (12 ms for
        # a page that takes 0.14 ms with them). SQLite's planner is left as a fresh server has it.
        if connection.dialect.name == "postgresql":
            connection.execute(text("ANALYZE"))
            connection.commit()
    engine.dispose()
    issuer = TokenIssuer(Cipher(parse_key(key_text)).derive_key("session-tokens"))
    return Seeded(issuer.issue(user.id, user.session_version, "access", now))


def _popular_rows(now: datetime) -> list[dict[str, Any]]:
    return [
        {
            "id": uuid.uuid4(),
            # Every other popular book is also requested, so per-user annotation does real work.
            "asin": f"B{n * 2:09d}",
            "title": f"Benchmark Book {n * 2}",
            "author": f"Author {n % 500}",
            "duration_minutes": 600,
            "is_popular": True,
            "popular_rank": n + 1,
            "last_synced_at": now,
        }
        for n in range(POPULAR_COUNT)
    ]


def _server_env(data_dir: Path, database_url: str, key_text: str, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "EARMARK_DATA_DIR": str(data_dir),
        "EARMARK_DATABASE_URL": database_url,
        "EARMARK_ENCRYPTION_KEY": key_text,
        "EARMARK_PORT": str(port),
        "EARMARK_LOG_LEVEL": "WARNING",
    }


def _wait_healthy(base_url: str, process: subprocess.Popen[bytes], started: float) -> float:
    while time.perf_counter() - started < START_TIMEOUT_SECONDS:
        if process.poll() is not None:
            raise RuntimeError(f"earmark serve exited with code {process.returncode}")
        try:
            if httpx.get(f"{base_url}/api/health", timeout=1.0).status_code == 200:
                return time.perf_counter() - started
        except httpx.TransportError:
            pass
        time.sleep(0.02)
    raise RuntimeError("earmark serve did not answer /api/health in time")


@contextmanager
def running_server(data_dir: Path, database_url: str, key_text: str) -> Iterator[RunningServer]:
    """`earmark serve` (web + worker + scheduler in one process) until the block ends."""
    port = free_port()
    earmark = Path(sys.executable).with_name("earmark")
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(earmark), "serve"],
        env=_server_env(data_dir, database_url, key_text, port),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        healthy_after = _wait_healthy(base_url, process, started)
        yield RunningServer(base_url, process, healthy_after, process_cpu_seconds(process.pid))
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


_DURATION = re.compile(r"([\d.]+)(us|ms|s)\b")
_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _latency_ms(output: str, percentile: str) -> float | None:
    line = re.search(rf"^\s+{percentile}%\s+(\S+)", output, re.MULTILINE)
    found = _DURATION.fullmatch(line.group(1)) if line else None
    return round(float(found.group(1)) * _UNIT_MS[found.group(2)], 2) if found else None


def run_wrk(
    url: str, concurrency: int, seconds: int, token: str, server_pid: int | None = None
) -> dict[str, Any]:
    """Drive `url` with wrk for `seconds`: throughput, latency percentiles, failed responses,
    and (given the server's pid) the server's CPU milliseconds per request."""
    command = ["wrk", f"-t{min(2, concurrency)}", f"-c{concurrency}", f"-d{seconds}s"]
    command += ["--latency", "-H", f"Authorization: Bearer {token}", url]
    cpu_before = process_cpu_seconds(server_pid) if server_pid else 0.0
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    cpu_used = process_cpu_seconds(server_pid) - cpu_before if server_pid else None
    total = re.search(r"(\d+) requests in", output)
    count = int(total.group(1)) if total else 0
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "concurrency": concurrency,
        "requests": count,
        "requests_per_second": float(rate.group(1)) if rate else None,
        "p50_ms": _latency_ms(output, "50"),
        "p99_ms": _latency_ms(output, "99"),
        "non_2xx": int(failed.group(1)) if failed else 0,
        "server_cpu_ms_per_request": (
            round(cpu_used * 1000 / count, 2) if cpu_used is not None and count else None
        ),
    }


def _median_round(points: list[dict[str, Any]]) -> dict[str, Any]:
    ranked = sorted(points, key=lambda point: point["requests_per_second"] or 0.0)
    return {
        **ranked[len(ranked) // 2],
        "rounds_requests_per_second": [point["requests_per_second"] for point in points],
        "rounds_cpu_ms_per_request": [point["server_cpu_ms_per_request"] for point in points],
    }


def load_server(server: RunningServer, token: str) -> dict[str, list[dict[str, Any]]]:
    """Every endpoint at every concurrency once per round, rounds interleaved."""
    runs: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for _ in range(ROUNDS):
        for name, path in ENDPOINTS.items():
            for concurrency in CONCURRENCY:
                point = run_wrk(
                    server.base_url + path,
                    concurrency,
                    SECONDS_PER_RUN,
                    token,
                    server.process.pid,
                )
                runs.setdefault((name, concurrency), []).append(point)
    return {
        name: [_median_round(runs[(name, concurrency)]) for concurrency in CONCURRENCY]
        for name in ENDPOINTS
    }


def measure(database_url: str) -> dict[str, Any]:
    key_text = generate_key_text()
    seeded = seed(database_url, key_text)
    with (
        tempfile.TemporaryDirectory() as folder,
        running_server(Path(folder), database_url, key_text) as server,
    ):
        return {
            "python_loop_seconds": python_loop_seconds(),
            "seconds_per_run": SECONDS_PER_RUN,
            "rounds": ROUNDS,
            "requests_of_user": REQUEST_COUNT,
            "popular_rows": POPULAR_COUNT,
            "endpoints": load_server(server, seeded.bearer_token),
        }


def main() -> None:
    if shutil.which("wrk") is None:
        sys.exit("the load tool `wrk` is missing: apt-get install -y wrk")
    compile_bytecode()
    report_both_databases(measure)


if __name__ == "__main__":
    main()
