"""Bulk writes (JSON rows on SQLite, COPY on PostgreSQL) store what SQLAlchemy's insert stores."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import Connection, Table, delete, func, insert, inspect, select, true

from earmark.db.bulk import copy_into_temporary_table, sqlite_json_rows, sqlite_random_uuid
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


def _only_sqlite(services: Services) -> None:
    if services.engine.dialect.name != "sqlite":
        pytest.skip("json_each and randomblob are SQLite's (PostgreSQL: COPY, gen_random_uuid)")


def _insert_as_json(connection: Connection, rows: list[dict[str, Any]]) -> None:
    names = list(rows[0])
    columns, parameters = sqlite_json_rows(
        connection.dialect, _table(), names, [tuple(row.values()) for row in rows]
    )
    source = select(*columns).where(true())
    connection.execute(insert(PlexLibraryItem).from_select(names, source), parameters)


def _table() -> Table:
    table = PlexLibraryItem.__table__
    assert isinstance(table, Table)
    return table


def test_sqlite_json_rows_store_the_same_values_as_sqlalchemy(services: Services) -> None:
    _only_sqlite(services)
    rows = [row | STAMPS for row in _rows(25)]
    with transaction(services.sessions) as session:
        connection = session.connection()
        connection.execute(insert(PlexLibraryItem), rows)
        by_sqlalchemy = _stored(connection)
        connection.execute(delete(PlexLibraryItem))
        _insert_as_json(connection, rows)
        by_json = _stored(connection)
    assert len(by_json) == 25
    assert by_json == by_sqlalchemy


def test_sqlite_json_rows_read_back_through_the_models(services: Services) -> None:
    _only_sqlite(services)
    rows = [row | STAMPS for row in _rows(3)]
    with transaction(services.sessions) as session:
        _insert_as_json(session.connection(), rows)
    with services.sessions() as session:
        stored = session.scalars(select(PlexLibraryItem).order_by(PlexLibraryItem.plex_guid)).all()
    assert [item.id for item in stored] == [row["id"] for row in rows]
    assert {item.last_scanned_at for item in stored} == {NOW}
    assert stored[0].added_at == rows[0]["added_at"]
    assert stored[1].duration_ms == 2**33 + 1
    assert stored[0].user_rating == 7.5
    assert stored[1].narrator is None
    assert stored[2].title == "Tale 2 \u2013 ünïcode"


def test_sqlite_random_uuid_makes_distinct_version_4_ids(services: Services) -> None:
    _only_sqlite(services)
    rows = [{k: v for k, v in row.items() if k != "id"} | STAMPS for row in _rows(500)]
    names = list(rows[0])
    with transaction(services.sessions) as session:
        connection = session.connection()
        columns, parameters = sqlite_json_rows(
            connection.dialect, _table(), names, [tuple(row.values()) for row in rows]
        )
        source = select(*columns, sqlite_random_uuid()).where(true())
        statement = insert(PlexLibraryItem).from_select([*names, "id"], source)
        connection.execute(statement, parameters)
        raw = [row[0] for row in connection.exec_driver_sql("SELECT id FROM plex_library")]
    with services.sessions() as session:
        ids = list(session.scalars(select(PlexLibraryItem.id)))
    assert len(set(ids)) == 500
    assert {uuid.UUID(text).hex for text in raw} == set(raw)  # 32 lower-case hex digits
    assert {each.version for each in ids} == {4}
    assert {each.variant for each in ids} == {uuid.RFC_4122}
    assert {text[16] for text in raw} == set("89ab")  # every variant digit is made


def test_copy_into_temporary_table_then_insert_select_stores_the_same_values(
    services: Services,
) -> None:
    if services.engine.dialect.name != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    rows = [row | STAMPS for row in _rows(25)]
    table = _table()
    with transaction(services.sessions) as session:
        connection = session.connection()
        connection.execute(insert(PlexLibraryItem), rows)
        by_sqlalchemy = _stored(connection)
        connection.execute(delete(PlexLibraryItem))
        names = list(rows[0])
        stage = copy_into_temporary_table(
            connection, table, names, (tuple(row.values()) for row in rows)
        )
        assert connection.scalar(select(func.count()).select_from(stage)) == 25
        connection.execute(insert(PlexLibraryItem).from_select(names, select(stage)))
        by_copy = _stored(connection)
    assert by_copy == by_sqlalchemy
    with services.engine.connect() as connection:  # dropped at commit
        assert not inspect(connection).has_table(stage.name)
