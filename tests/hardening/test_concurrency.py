"""Concurrent creations share one book and one search; the app survives a PostgreSQL restart."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select, text

from earmark.demo.fakes.server import serve_app
from earmark.queue.models import Job
from earmark.requests.models import Audiobook, Request
from earmark.wiring import Services
from tests.hardening.conftest import app_of
from tests.support import SignedIn, add_catalog_book, make_user

CONCURRENT_USERS = 100
RESTART_BOOKS = 30
PG_CLUSTER = ("15", "main")
POSTMASTER_PID_FILE = Path("/var/run/postgresql/15-main.pid")
RETRY_DEADLINE_SECONDS = 60.0


@pytest.fixture
def live_url(client: TestClient) -> Iterator[str]:
    """The fixture's app behind a real HTTP server, so requests truly run concurrently."""
    with serve_app(app_of(client)) as url:
        yield url


def _count(services: Services, model: type[object]) -> int:
    with services.sessions() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_concurrent_creation_same_book_one_audiobook_one_search(
    client: TestClient, services: Services, live_url: str, catalog_book: str
) -> None:
    users = [make_user(services, app_of(client), f"fan{n}") for n in range(CONCURRENT_USERS)]
    start = threading.Barrier(CONCURRENT_USERS)

    def create(signed_in: SignedIn) -> int:
        start.wait()
        response = httpx.post(
            f"{live_url}/api/requests",
            json={"asin": catalog_book},
            headers=signed_in.headers,
            timeout=60,
        )
        return response.status_code

    with ThreadPoolExecutor(CONCURRENT_USERS) as pool:
        statuses = list(pool.map(create, users))
    assert statuses.count(201) == CONCURRENT_USERS, sorted(set(statuses))
    assert _count(services, Audiobook) == 1
    assert _count(services, Request) == CONCURRENT_USERS
    with services.sessions() as session:
        searches = session.scalar(
            select(func.count()).select_from(Job).where(Job.type == "search_indexers")
        )
    assert searches == 1


def _same_network_as_postmaster() -> bool:
    """A restart from inside another network namespace (CI's `unshare -n`) would leave the
    server listening on that namespace's loopback only, cutting everyone else off."""
    try:
        postmaster = POSTMASTER_PID_FILE.read_text().split()[0]
        return os.readlink("/proc/self/ns/net") == os.readlink(f"/proc/{postmaster}/ns/net")
    except (OSError, IndexError):
        return False


def _restart_postgres(database_url: str) -> str:
    if _same_network_as_postmaster():
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", *PG_CLUSTER, "restart"],
            check=True,
            capture_output=True,
            timeout=60,
        )
        return "restarted"
    # Same effect on the app's pool: every server connection it holds dies at once.
    engine = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    engine.dispose()
    return "connections terminated"


def _ensure_postgres_running() -> None:
    if _same_network_as_postmaster() or not POSTMASTER_PID_FILE.exists():
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", *PG_CLUSTER, "start"],
            check=False,
            capture_output=True,
            timeout=60,
        )


def _create_with_retry(url: str, asin: str, headers: dict[str, str]) -> int:
    """Like a patient client: retry on 5xx and dropped connections until an answer sticks."""
    deadline = time.monotonic() + RETRY_DEADLINE_SECONDS
    while True:
        try:
            response = httpx.post(url, json={"asin": asin}, headers=headers, timeout=20)
            # 409: an earlier attempt was stored although its answer was lost.
            if response.status_code in (201, 409) or time.monotonic() > deadline:
                return response.status_code
        except httpx.TransportError:
            if time.monotonic() > deadline:
                return 0
        time.sleep(0.1)


@pytest.mark.postgres
def test_postgres_restart_during_load_app_recovers_and_no_request_lost(
    client: TestClient, services: Services, live_url: str, database_url: str, user: SignedIn
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("restarting the database server concerns PostgreSQL only")
    asins = [f"B0RST{n:05d}" for n in range(RESTART_BOOKS)]
    for n, asin in enumerate(asins):
        add_catalog_book(services, asin, f"Restart Book {n}", "Ada Uptime")
    url = f"{live_url}/api/requests"
    try:
        with ThreadPoolExecutor(4) as pool:
            results = [pool.submit(_create_with_retry, url, a, user.headers) for a in asins]
            while sum(r.done() for r in results) < 5:
                time.sleep(0.02)
            how = _restart_postgres(database_url)
            statuses = [r.result() for r in results]
    finally:
        _ensure_postgres_running()
    assert all(status in (201, 409) for status in statuses), (how, statuses)
    health = httpx.get(f"{live_url}/api/health", timeout=10)
    assert health.status_code == 200 and health.json()["database"] == "ok"
    with services.sessions() as session:
        stored = session.scalars(
            select(Audiobook.audible_asin)
            .join(Request, Request.audiobook_id == Audiobook.id)
            .where(Request.user_id == user.user.id)
        ).all()
    assert sorted(asin or "" for asin in stored) == sorted(asins), how
