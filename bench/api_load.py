"""Benchmark: a real `earmark serve` under HTTP load (hey) on SQLite and PostgreSQL; prints JSON."""

from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert

from earmark.catalog.models import AudibleCache
from earmark.db.engine import build_engine, build_session_factory, transaction
from earmark.db.push import push_schema
from earmark.requests.models import Audiobook, Request
from earmark.requests.states import RequestStatus
from earmark.schema import metadata
from earmark.security.crypto import Cipher, generate_key_text, parse_key
from earmark.security.tokens import TokenIssuer
from earmark.users.models import User
from support import free_port, report_both_databases

REQUEST_COUNT = int(os.environ.get("BENCH_REQUESTS", "10000"))
POPULAR_COUNT = int(os.environ.get("BENCH_POPULAR", "250"))
SECONDS_PER_RUN = int(os.environ.get("BENCH_SECONDS", "5"))
CONCURRENCY = [int(c) for c in os.environ.get("BENCH_CONCURRENCY", "1,16,64").split(",")]
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
        yield RunningServer(base_url, process, healthy_after)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _percentile_ms(sorted_seconds: list[float], fraction: float) -> float | None:
    if not sorted_seconds:
        return None
    index = min(len(sorted_seconds) - 1, round(fraction * (len(sorted_seconds) - 1)))
    return round(sorted_seconds[index] * 1000, 2)


def run_hey(url: str, concurrency: int, seconds: int, token: str) -> dict[str, Any]:
    """Drive `url` with hey for `seconds`; throughput, latency percentiles and statuses from its CSV."""
    command = ["hey", "-z", f"{seconds}s", "-c", str(concurrency), "-o", "csv"]
    command += ["-H", f"Authorization: Bearer {token}", url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rows = list(csv.DictReader(io.StringIO(output)))
    latencies = sorted(float(row["response-time"]) for row in rows)
    elapsed = max((float(r["offset"]) + float(r["response-time"]) for r in rows), default=0.0)
    statuses = Counter(row["status-code"] for row in rows)
    return {
        "concurrency": concurrency,
        "requests": len(rows),
        "requests_per_second": round(len(rows) / elapsed, 1) if elapsed else None,
        "p50_ms": _percentile_ms(latencies, 0.50),
        "p99_ms": _percentile_ms(latencies, 0.99),
        "responses_by_status": dict(statuses),
    }


def load_server(server: RunningServer, token: str) -> dict[str, list[dict[str, Any]]]:
    return {
        name: [
            run_hey(server.base_url + path, concurrency, SECONDS_PER_RUN, token)
            for concurrency in CONCURRENCY
        ]
        for name, path in ENDPOINTS.items()
    }


def measure(database_url: str) -> dict[str, Any]:
    key_text = generate_key_text()
    seeded = seed(database_url, key_text)
    with (
        tempfile.TemporaryDirectory() as folder,
        running_server(Path(folder), database_url, key_text) as server,
    ):
        return {
            "seconds_per_run": SECONDS_PER_RUN,
            "requests_of_user": REQUEST_COUNT,
            "popular_rows": POPULAR_COUNT,
            "endpoints": load_server(server, seeded.bearer_token),
        }


def main() -> None:
    if shutil.which("hey") is None:
        sys.exit("the load tool `hey` is missing: apt-get install -y hey")
    report_both_databases(measure)


if __name__ == "__main__":
    main()
