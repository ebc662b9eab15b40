"""Stacks for the e2e scenarios (PostgreSQL for all, SQLite for the first) and the timing report."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from earmark.demo.client import EarmarkApi
from earmark.demo.releases import CatalogBook, prepare_catalog_books
from earmark.demo.stack import EarmarkStack, StackOptions, required_programs
from tests.harness.programs import require_programs

PG_ADMIN_URL = os.environ.get(
    "EARMARK_TEST_PG_ADMIN_URL", "postgresql+psycopg://postgres@/postgres?host=/var/run/postgresql"
)
ARTIFACTS_DIR = Path(__file__).resolve().parents[2] / "artifacts"
TIMINGS_FILE = ARTIFACTS_DIR / "e2e-timings.json"
CATALOG_BOOKS = 7
REFRESH_TIMEOUT_SECONDS = 90.0


@dataclass
class World:
    """One running stack, its catalog books, and an admin signed in through the API."""

    stack: EarmarkStack
    books: list[CatalogBook]
    admin: EarmarkApi

    def book(self, index: int) -> CatalogBook:
        return self.books[index]


@dataclass
class TimingReport:
    samples: dict[str, dict[str, float]] = field(default_factory=dict)

    def record(self, scenario: str, **seconds: float) -> None:
        self.samples[scenario] = {name: round(value, 2) for name, value in seconds.items()}

    def summary(self) -> dict[str, object]:
        def p50(name: str) -> float | None:
            values = [s[name] for s in self.samples.values() if name in s]
            return round(statistics.median(values), 2) if values else None

        return {
            "metric": "seconds from download complete to request available",
            "p50_from_client_complete_seconds": p50("from_client_complete"),
            "p50_from_earmark_noticed_seconds": p50("from_earmark_noticed"),
            "target_p50_seconds": 15,
            "scenarios": self.samples,
        }


@pytest.fixture(scope="session")
def timings() -> Iterator[TimingReport]:
    report = TimingReport()
    yield report
    if report.samples:
        ARTIFACTS_DIR.mkdir(exist_ok=True)
        text_report = json.dumps(report.summary(), indent=2)
        TIMINGS_FILE.write_text(text_report + "\n")
        print(f"\ne2e timings ({TIMINGS_FILE}):\n{text_report}")


@pytest.fixture(scope="session")
def postgres_database_url() -> Iterator[str]:
    name = f"earmark_e2e_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    base, _, query = PG_ADMIN_URL.partition("?")
    yield base.rsplit("/", 1)[0] + f"/{name}" + (f"?{query}" if query else "")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _world(options: StackOptions) -> Iterator[World]:
    with_deluge = options.download_client == "deluge"
    require_programs(required_programs(with_deluge=with_deluge), "programs for the e2e stack")
    stack = EarmarkStack(options)
    with stack:
        books = prepare_catalog_books(stack, CATALOG_BOOKS)
        admin = EarmarkApi(stack.base_url, stack.earmark_logs)
        admin.sign_in(options.admin_username, options.admin_password)
        job = admin.trigger_schedule("audible_refresh")
        done = admin.wait_for_job(job["id"], REFRESH_TIMEOUT_SECONDS)
        assert done["status"] == "completed", done
        try:
            yield World(stack, books, admin)
        finally:
            admin.close()


@pytest.fixture(scope="session")
def postgres_world(
    tmp_path_factory: pytest.TempPathFactory, postgres_database_url: str
) -> Iterator[World]:
    workdir = tmp_path_factory.mktemp("e2e-postgres")
    yield from _world(StackOptions(workdir=workdir, database_url=postgres_database_url))


@pytest.fixture(scope="session")
def sqlite_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """SQLite, with the library on another filesystem (/dev/shm): files are copied and tagged."""
    workdir = tmp_path_factory.mktemp("e2e-sqlite")
    shm = Path("/dev/shm")
    library = shm / f"earmark-e2e-library-{uuid.uuid4().hex[:8]}" if shm.is_dir() else None
    try:
        yield from _world(StackOptions(workdir=workdir, library_root=library))
    finally:
        if library is not None and library.exists():
            shutil.rmtree(library)


@pytest.fixture(scope="session")
def deluge_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """SQLite, with Deluge (deluged + deluge-web) as Earmark's download client."""
    workdir = tmp_path_factory.mktemp("e2e-deluge")
    yield from _world(StackOptions(workdir=workdir, download_client="deluge"))


@pytest.fixture(params=["postgresql", "sqlite"])
def any_world(request: pytest.FixtureRequest) -> World:
    world: World = request.getfixturevalue(
        f"{request.param}_world".replace("postgresql", "postgres")
    )
    return world
