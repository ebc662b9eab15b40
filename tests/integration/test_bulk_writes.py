"""Staged bulk writes (multi-row VALUES on SQLite, COPY on PostgreSQL) store what SQLAlchemy's
insert stores."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import Connection, Table, delete, func, insert, select, true

from earmark.db.bulk import sqlite_random_uuid, staged_rows
from earmark.db.engine import transaction
from earmark.library.models import PlexLibraryItem
from earmark.wiring import Services

NOW = datetime(2026, 12, 3, 6, 30, 15, 123456, tzinfo=UTC)
STAMPS = {"last_scanned_at": NOW, "created_at": NOW, "updated_at": NOW}


def _rows(count: int) -> list[dict[str, Any]]:
    return [
        {
            "id": uuid.uuid4(),
            "plex_guid": f"plex://album/{number}",
            "rating_key": str(number),
            "library_id": "1",
            "title": f"Tale {number} \u2013 ünïcode",
            "author": "Ann Author",
            "narrator": None if number % 2 else "Ned Narrator",
            "year": 2000 + number,
            "duration_ms": 2**33 + number,
            "asin": None,
            "isbn": None,
            "file_path": f"/books/Tale {number}/part1.m4b",
            "thumb": None,
            "user_rating": 7.5 if number % 3 == 0 else None,
            # A non-UTC offset: SQLAlchemy's path converts it to UTC, so must ours.
            "added_at": NOW.astimezone(timezone(timedelta(hours=2))) - timedelta(days=number),
            "title_key": f"tale {number}",
            "author_key": "ann author",
            "narrator_key": "",
            "fingerprint": f"{number:032x}",
        }
        for number in range(count)
    ]


def _stored(connection: Connection) -> list[tuple[Any, ...]]:
    """Every column as the driver returns it, without SQLAlchemy's result processing."""
    columns = ", ".join(column.name for column in PlexLibraryItem.__table__.columns)
    sql = f"SELECT {columns} FROM plex_library ORDER BY plex_guid"
    return [tuple(row) for row in connection.exec_driver_sql(sql)]


def _table() -> Table:
    table = PlexLibraryItem.__table__
    assert isinstance(table, Table)
    return table


def _insert_staged(connection: Connection, rows: list[dict[str, Any]]) -> str:
    """Stages the rows, moves them into plex_library; returns the staging table's name."""
    names = list(rows[0])
    with staged_rows(connection, _table(), names, [tuple(row.values()) for row in rows]) as stage:
        assert connection.scalar(select(func.count()).select_from(stage)) == len(rows)
        source = select(*(stage.c[name] for name in names)).where(true())
        connection.execute(insert(PlexLibraryItem).from_select(names, source))
    return stage.name


def test_staged_rows_store_the_same_values_as_sqlalchemy(services: Services) -> None:
    rows = [row | STAMPS for row in _rows(250)]  # SQLite: three statements of up to 100 rows
    with transaction(services.sessions) as session:
        connection = session.connection()
        connection.execute(insert(PlexLibraryItem), rows)
        by_sqlalchemy = _stored(connection)
        connection.execute(delete(PlexLibraryItem))
        stage = _insert_staged(connection, rows)
        by_staging = _stored(connection)
        # Emptied for the connection's next batch.
        assert connection.exec_driver_sql(f"SELECT count(*) FROM {stage}").scalar() == 0
    assert len(by_staging) == 250
    assert by_staging == by_sqlalchemy


def test_staged_rows_read_back_through_the_models(services: Services) -> None:
    rows = [row | STAMPS for row in _rows(3)]
    with transaction(services.sessions) as session:
        _insert_staged(session.connection(), rows)
    with services.sessions() as session:
        stored = session.scalars(select(PlexLibraryItem).order_by(PlexLibraryItem.plex_guid)).all()
    assert [item.id for item in stored] == [row["id"] for row in rows]
    assert {item.last_scanned_at for item in stored} == {NOW}
    assert stored[0].added_at == rows[0]["added_at"]
    assert stored[1].duration_ms == 2**33 + 1
    assert stored[0].user_rating == 7.5
    assert stored[1].narrator is None
    assert stored[2].title == "Tale 2 \u2013 ünïcode"


def test_staged_rows_twice_on_one_connection_and_after_a_rollback(services: Services) -> None:
    first, second = _rows(4)[:2], _rows(4)[2:]
    with pytest.raises(RuntimeError), transaction(services.sessions) as session:
        _insert_staged(session.connection(), [row | STAMPS for row in first])
        raise RuntimeError("the batch fails after staging")
    with transaction(services.sessions) as session:
        _insert_staged(session.connection(), [row | STAMPS for row in second])
        _insert_staged(session.connection(), [row | STAMPS for row in first])
    with services.sessions() as session:
        guids = sorted(session.scalars(select(PlexLibraryItem.plex_guid)))
    assert guids == sorted(row["plex_guid"] for row in _rows(4))


def test_sqlite_random_uuid_makes_distinct_version_4_ids(services: Services) -> None:
    if services.engine.dialect.name != "sqlite":
        pytest.skip("randomblob is SQLite's (PostgreSQL: gen_random_uuid)")
    rows = [{k: v for k, v in row.items() if k != "id"} | STAMPS for row in _rows(500)]
    names = list(rows[0])
    with transaction(services.sessions) as session:
        connection = session.connection()
        values = [tuple(row.values()) for row in rows]
        with staged_rows(connection, _table(), names, values) as stage:
            source = select(*(stage.c[n] for n in names), sqlite_random_uuid()).where(true())
            statement = insert(PlexLibraryItem).from_select([*names, "id"], source)
            connection.execute(statement)
        raw = [row[0] for row in connection.exec_driver_sql("SELECT id FROM plex_library")]
    with services.sessions() as session:
        ids = list(session.scalars(select(PlexLibraryItem.id)))
    assert len(set(ids)) == 500
    assert {uuid.UUID(text).hex for text in raw} == set(raw)  # 32 lower-case hex digits
    assert {each.version for each in ids} == {4}
    assert {each.variant for each in ids} == {uuid.RFC_4122}
    assert {text[16] for text in raw} == set("89ab")  # every variant digit is made
