"""Bulk writes (execute_many; COPY on PostgreSQL) store what SQLAlchemy's executemany stores."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import Connection, Table, bindparam, delete, func, insert, inspect, select, update

from earmark.db.bulk import MissingBulkValue, copy_into_temporary_table, execute_many
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


def test_execute_many_stores_the_same_values_as_sqlalchemy(services: Services) -> None:
    rows = _rows(25)
    with transaction(services.sessions) as session:
        connection = session.connection()
        connection.execute(insert(PlexLibraryItem), [row | STAMPS for row in rows])
        by_sqlalchemy = _stored(connection)
        connection.execute(delete(PlexLibraryItem))
        execute_many(connection, insert(PlexLibraryItem), rows, STAMPS)
        by_execute_many = _stored(connection)
    assert len(by_execute_many) == 25
    assert by_execute_many == by_sqlalchemy


def test_execute_many_rows_read_back_through_the_models(services: Services) -> None:
    rows = _rows(3)
    with transaction(services.sessions) as session:
        execute_many(session.connection(), insert(PlexLibraryItem), rows, STAMPS)
    with services.sessions() as session:
        stored = session.scalars(select(PlexLibraryItem).order_by(PlexLibraryItem.plex_guid)).all()
    assert [item.id for item in stored] == [row["id"] for row in rows]
    assert {item.last_scanned_at for item in stored} == {NOW}
    assert stored[0].added_at == rows[0]["added_at"]
    assert stored[1].duration_ms == 2**33 + 1


def test_execute_many_column_without_value_is_refused_before_writing(services: Services) -> None:
    rows = [{k: v for k, v in row.items() if k != "id"} for row in _rows(2)]
    with transaction(services.sessions) as session:
        with pytest.raises(MissingBulkValue, match="'id'"):
            execute_many(session.connection(), insert(PlexLibraryItem), rows, STAMPS)
        assert session.scalar(select(func.count()).select_from(PlexLibraryItem)) == 0


def test_execute_many_no_rows_sends_nothing(services: Services) -> None:
    with transaction(services.sessions) as session:
        execute_many(session.connection(), insert(PlexLibraryItem), [], STAMPS)
        assert session.scalar(select(func.count()).select_from(PlexLibraryItem)) == 0


def test_execute_many_statement_with_one_parameter(services: Services) -> None:
    rows = _rows(3)
    by_guid = delete(PlexLibraryItem).where(PlexLibraryItem.plex_guid == bindparam("guid"))
    with transaction(services.sessions) as session:
        execute_many(session.connection(), insert(PlexLibraryItem), rows, STAMPS)
        execute_many(session.connection(), by_guid, [{"guid": rows[0]["plex_guid"]}])
    with services.sessions() as session:
        left = set(session.scalars(select(PlexLibraryItem.plex_guid)))
    assert left == {rows[1]["plex_guid"], rows[2]["plex_guid"]}


def test_execute_many_column_with_an_update_default_must_be_given(services: Services) -> None:
    only_title = update(PlexLibraryItem).values(title=bindparam("title"))
    with (
        transaction(services.sessions) as session,
        pytest.raises(MissingBulkValue, match="'updated_at'"),
    ):
        execute_many(session.connection(), only_title, [{"title": "Renamed"}])


def test_copy_into_temporary_table_then_insert_select_stores_the_same_values(
    services: Services,
) -> None:
    if services.engine.dialect.name != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    rows = [row | STAMPS for row in _rows(25)]
    table = PlexLibraryItem.__table__
    assert isinstance(table, Table)
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
