"""Shared fixtures: every database test runs on SQLite and on a real PostgreSQL database.

The schema is pushed once per session and backend: each SQLite test gets a copy of a pushed
template file, PostgreSQL tests share one pushed database whose rows are deleted before each
test. Since the schema is already there, `client` skips the app's start-up push (0.2-0.5 s of
schema comparison per test). A test that changes the schema itself (or otherwise needs a
database nobody else used) is marked `fresh_database` and gets an empty database of its own
that `services` pushes and the app pushes again on start-up, as in production.

Tests are also marked here by what they use (see pytest_collection_modifyitems), so that
`make test-fast` can leave out everything that needs daemons, ffmpeg, a browser or PostgreSQL,
and the few tests that are slow on their own.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, make_url, text

from earmark import schema
from earmark.app import create_app
from earmark.core.clock import FrozenClock
from earmark.db.engine import build_engine
from earmark.db.push import PushReport, push_schema
from earmark.settings import BootSettings
from earmark.wiring import Services, build_services, push

pytest_plugins = [
    "tests.harness.bittorrent_fixtures",
    "tests.harness.chromium",
    "tests.harness.usenet_fixtures",
]

FRESH_DATABASE = "fresh_database"
TESTS_DIR = Path(__file__).resolve().parent
# Whole directories whose every test needs a browser or the whole product running.
MARKS_BY_DIRECTORY = {"browser": "browser", "e2e": "e2e"}
# Modules whose tests take tens of seconds each on their own (whole-API fuzzing, a benchmark run).
SLOW_MODULES = frozenset(
    {"hardening/test_openapi_fuzz.py", "integration/plex/test_library_benchmark.py"}
)
# Fixtures that start real daemons or run ffmpeg: a test using one (even indirectly) is realparts.
# Names must be unique in the suite (bookdate has its own `books`: library_import's is covered by
# its autouse `_requires_ffmpeg`).
REALPARTS_FIXTURES = frozenset(
    {
        "bt_workdir",
        "usenet_workdir",
        "_requires_ffmpeg",
        "silent_mp3",
        "oidc_provider",
        "audiobookshelf",
    }
)
# Emptying the shared database waits this long for a lock a leftover connection holds, then fails.
EMPTYING_LOCK_TIMEOUT = "10s"

PG_ADMIN_URL = os.environ.get(
    "EARMARK_TEST_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def _backends() -> list[str]:
    return [
        b.strip()
        for b in os.environ.get("EARMARK_TEST_BACKENDS", "sqlite,postgresql").split(",")
        if b.strip()
    ]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        relative = item.path.relative_to(TESTS_DIR)
        if relative.parts[0] in MARKS_BY_DIRECTORY:
            item.add_marker(MARKS_BY_DIRECTORY[relative.parts[0]])
        if relative.as_posix() in SLOW_MODULES:
            item.add_marker("slow")
        if REALPARTS_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker("realparts")
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("database_url") == "postgresql":
            item.add_marker("postgres")


def _create_pg_database(admin: Engine, purpose: str) -> str:
    name = f"earmark_test_{purpose}_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"PostgreSQL is not reachable: {exc}")
    return name


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[Engine]:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    yield admin
    admin.dispose()


@pytest.fixture(scope="session")
def pg_databases(pg_admin: Engine) -> Iterator[dict[str, str]]:
    """This run's PostgreSQL databases by purpose (created on first use), dropped at the end."""
    names: dict[str, str] = {}
    yield names
    with pg_admin.connect() as conn:
        for name in names.values():
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _pg_database(pg_admin: Engine, pg_databases: dict[str, str], purpose: str) -> str:
    if purpose not in pg_databases:
        pg_databases[purpose] = _create_pg_database(pg_admin, purpose)
    url = make_url(PG_ADMIN_URL).set(database=pg_databases[purpose])
    return url.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_shared(pg_admin: Engine, pg_databases: dict[str, str]) -> Iterator[tuple[str, Engine]]:
    """The session's PostgreSQL database with the schema pushed once, and an engine on it."""
    url = _pg_database(pg_admin, pg_databases, "shared")
    engine = create_engine(url, pool_pre_ping=True, pool_size=1)
    push_schema(engine, schema.metadata())
    yield url, engine
    engine.dispose()


def _empty_postgres(engine: Engine) -> None:
    """Delete every row, children before parents, in one transaction; the schema stays.

    DELETE rather than TRUNCATE: a test leaves a few rows, and deleting them took 0.02-0.04 s
    here where TRUNCATE of the 15 tables took 0.6-0.9 s (it gives every table new files).
    """
    with engine.begin() as conn:
        conn.execute(text(f"SET LOCAL lock_timeout = '{EMPTYING_LOCK_TIMEOUT}'"))
        for table in reversed(schema.metadata().sorted_tables):
            conn.execute(table.delete())


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with the schema pushed, checkpointed so that a plain file copy is whole."""
    path = tmp_path_factory.mktemp("sqlite-template") / "earmark.db"
    engine = build_engine(f"sqlite:///{path}")
    push_schema(engine, schema.metadata())
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


def _wants_fresh_database(request: pytest.FixtureRequest) -> bool:
    return request.node.get_closest_marker(FRESH_DATABASE) is not None


@pytest.fixture(params=_backends())
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database with the schema in place and no rows (or empty for `fresh_database` tests)."""
    fresh = _wants_fresh_database(request)
    if request.param == "sqlite":
        target = tmp_path / "earmark.db"
        if not fresh:
            shutil.copyfile(request.getfixturevalue("sqlite_template"), target)
        return f"sqlite:///{target}"
    if fresh:
        url = _pg_database(
            request.getfixturevalue("pg_admin"), request.getfixturevalue("pg_databases"), "fresh"
        )
        _reset_postgres(url)
        return url
    shared_url, engine = request.getfixturevalue("pg_shared")
    _empty_postgres(engine)
    return str(shared_url)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def boot_settings(tmp_path: Path, database_url: str) -> BootSettings:
    return BootSettings(data_dir=tmp_path / "data", database_url=database_url, run_worker=False)


@pytest.fixture
def services(request: pytest.FixtureRequest, boot_settings: BootSettings) -> Iterator[Services]:
    svc = build_services(boot_settings)
    if _wants_fresh_database(request):
        push(svc)
    yield svc
    svc.close()


@pytest.fixture
def client(
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    boot_settings: BootSettings,
    services: Services,
) -> Iterator[TestClient]:
    if not _wants_fresh_database(request):
        # The session pushed this schema already; a start-up push would only compare it again.
        monkeypatch.setattr("earmark.app.push", lambda _services: PushReport())
    app = create_app(boot_settings, services)
    with TestClient(app) as test_client:
        yield test_client
