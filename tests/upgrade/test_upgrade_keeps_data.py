"""Upgrading keeps data: the current Earmark starts on a database made by an earlier release.

The database comes from a stored dump (schema and rows) of commit 77504e6 of main, written by
tests/upgrade/make_dump.py with each backend's own tool. The test loads it, runs `earmark db push`
(what start-up runs too), then starts the app: every row of every old column is still there,
every table and column of the current models exists, and push reported each change it made.
"""

from __future__ import annotations

import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, MetaData, create_engine, inspect, make_url, select, text
from typer.testing import CliRunner

from earmark import schema
from earmark.app import create_app
from earmark.cli import app as cli
from earmark.settings import BootSettings
from tests.conftest import PG_ADMIN_URL

DUMPS = Path(__file__).parent / "schemas"
EARLIER_COMMIT = "77504e6"
Snapshot = dict[str, set[tuple[str, ...]]]


def _load_sqlite(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        conn.executescript((DUMPS / f"{EARLIER_COMMIT}.sqlite.sql").read_text())
    return f"sqlite:///{path}"


@pytest.fixture(scope="module")
def postgres_admin() -> Iterator[Engine]:
    """An AUTOCOMMIT engine on the maintenance database, to create and drop databases."""
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect():
            pass
    except Exception as exc:
        admin.dispose()
        pytest.skip(f"PostgreSQL is not reachable: {exc}")
    yield admin
    admin.dispose()


def _load_postgresql(admin: Engine) -> Iterator[str]:
    name = f"earmark_upgrade_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_ADMIN_URL).set(database=name)
    host = url.query.get("host") or url.host or "127.0.0.1"
    subprocess.run(
        [
            "psql",
            "--quiet",
            "-v",
            "ON_ERROR_STOP=1",
            "--host",
            str(host),
            "--username",
            url.username or "postgres",
            "--dbname",
            name,
            "--file",
            str(DUMPS / f"{EARLIER_COMMIT}.postgresql.sql"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def earlier_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield _load_sqlite(tmp_path / "earmark.db")
        return
    yield from _load_postgresql(request.getfixturevalue("postgres_admin"))


def _snapshot(url: str) -> Snapshot:
    """Every row of every table, each value as text (types may widen on upgrade)."""
    engine = create_engine(url)
    reflected = MetaData()
    reflected.reflect(engine)
    try:
        with engine.connect() as conn:
            return {
                name: {tuple(str(v) for v in row) for row in conn.execute(select(table))}
                for name, table in reflected.tables.items()
            }
    finally:
        engine.dispose()


def _columns(url: str) -> dict[str, list[str]]:
    engine = create_engine(url)
    try:
        found = inspect(engine)
        return {t: [c["name"] for c in found.get_columns(t)] for t in found.get_table_names()}
    finally:
        engine.dispose()


def _kept(before: Snapshot, before_columns: dict[str, list[str]], url: str) -> Snapshot:
    """The rows now in the old tables, cut down to the old columns in their old order."""
    engine = create_engine(url)
    reflected = MetaData()
    reflected.reflect(engine)
    try:
        with engine.connect() as conn:
            return {
                name: {
                    tuple(str(v) for v in row)
                    for row in conn.execute(
                        select(*(reflected.tables[name].c[c] for c in before_columns[name]))
                    )
                }
                for name in before
            }
    finally:
        engine.dispose()


def test_current_earmark_keeps_every_row_of_an_earlier_database(
    earlier_database: str, tmp_path: Path
) -> None:
    before = _snapshot(earlier_database)
    before_columns = _columns(earlier_database)
    assert all(len(rows) >= 3 for rows in before.values()), "the dump has rows in every table"

    env = {"EARMARK_DATABASE_URL": earlier_database, "EARMARK_DATA_DIR": str(tmp_path / "data")}
    pushed = CliRunner().invoke(cli, ["db", "push"], env=env)
    assert pushed.exit_code == 0, pushed.output
    wanted = schema.metadata()
    new_tables = {t.name for t in wanted.sorted_tables} - set(before_columns)
    new_columns = {
        f"{t.name}.{c.name}"
        for t in wanted.sorted_tables
        if t.name in before_columns
        for c in t.columns
        if c.name not in before_columns[t.name]
    }
    reported = pushed.output.splitlines()
    for table in new_tables:
        assert f"applied: add_table {table}" in reported, pushed.output
    for column in new_columns:
        assert f"applied: add_column {column}" in reported, pushed.output
    if not reported or reported == ["schema is up to date"]:
        assert not new_tables and not new_columns
    else:
        assert all(line.startswith("applied: ") for line in reported), pushed.output

    settings = BootSettings(
        data_dir=tmp_path / "data", database_url=earlier_database, run_worker=False
    )
    with TestClient(create_app(settings)) as client:
        health = client.get("/api/health")
    assert health.status_code == 200, health.text

    kept = _kept(before, before_columns, earlier_database)
    for name, rows in before.items():  # start-up may add rows (default schedules), never lose one
        assert rows <= kept[name], f"{name} lost rows: {sorted(rows - kept[name])[:3]}"
    after_columns = _columns(earlier_database)
    for table in wanted.sorted_tables:
        assert {c.name for c in table.columns} <= set(after_columns[table.name]), table.name
    again = CliRunner().invoke(cli, ["db", "push"], env=env)
    assert again.output.strip() == "schema is up to date", again.output
    _takes_the_approval_statuses(earlier_database, pushed.output)


def _takes_the_approval_statuses(url: str, push_output: str) -> None:
    """The statuses added since (pending_approval, declined) pass the migrated CHECK constraint."""
    assert "applied: modify_check requests.ck_requests_status" in push_output.splitlines()
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            for status in ("pending_approval", "declined"):
                changed = conn.execute(
                    text(
                        "UPDATE requests SET status = :status WHERE id IN (SELECT id FROM requests LIMIT 1)"
                    ),
                    {"status": status},
                )
                assert changed.rowcount == 1
    finally:
        engine.dispose()
