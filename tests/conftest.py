"""Shared fixtures: every database test runs on SQLite and on a real PostgreSQL database."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, make_url, text

from earmark.app import create_app
from earmark.core.clock import FrozenClock
from earmark.settings import BootSettings
from earmark.wiring import Services, build_services, push

PG_ADMIN_URL = os.environ.get(
    "EARMARK_TEST_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def _backends() -> list[str]:
    return [
        b.strip()
        for b in os.environ.get("EARMARK_TEST_BACKENDS", "sqlite,postgresql").split(",")
        if b.strip()
    ]


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this test run, dropped at the end."""
    name = f"earmark_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        admin.dispose()
        if os.environ.get("CI"):
            raise
        pytest.skip(f"PostgreSQL is not reachable: {exc}")
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=_backends())
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'earmark.db'}"
    url: str = request.getfixturevalue("pg_database")
    _reset_postgres(url)
    return url


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def boot_settings(tmp_path: Path, database_url: str) -> BootSettings:
    return BootSettings(data_dir=tmp_path / "data", database_url=database_url, run_worker=False)


@pytest.fixture
def services(boot_settings: BootSettings) -> Iterator[Services]:
    svc = build_services(boot_settings)
    push(svc)
    yield svc
    svc.close()


@pytest.fixture
def client(boot_settings: BootSettings, services: Services) -> Iterator[TestClient]:
    app = create_app(boot_settings, services)
    with TestClient(app) as test_client:
        yield test_client
