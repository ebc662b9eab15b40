"""Many-row writes that cost a few statements per batch, not one per row.

SQLAlchemy's Core executemany builds a parameter dictionary and runs every column's bind
processor for every row, and the driver binds and steps each row separately, taking the GIL back
after every step (about 60 µs a row for the 22 columns of `plex_library`: most of a 50,000-item
library scan, and a thread that stores while another parses waited for the GIL at every row).

`staged_rows` moves a batch into a temporary table in a few statements instead, and the caller
selects from it into the real table (one `INSERT … SELECT`, with its `ON CONFLICT`):

* PostgreSQL: COPY, formatted in psycopg's C code, one stream for the batch;
* SQLite: multi-row `INSERT … VALUES (…), (…)` of up to 1,000 rows each, each run in one step
  without the GIL.

The database does the batch's work while the calling thread holds no GIL. Column defaults are NOT
applied: the caller selects every column the table needs (`sqlite_random_uuid` and
`gen_random_uuid()` make ids in the database).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Table, literal_column
from sqlalchemy import column as sql_column
from sqlalchemy import table as sql_table
from sqlalchemy.sql.expression import ColumnElement, TableClause

Processor = Callable[[Any], Any]


# Rows a SQLite statement carries. The cost per row is the same from ~100 rows up, but each
# statement is one more wait for the GIL when a parser runs beside the writer (100 rows: 50
# waits of ~3 ms a 5,000-row batch). The driver keeps the prepared statement, ~2 MB, with the
# connection.
SQLITE_ROWS_PER_STATEMENT = 1000


@contextmanager
def staged_rows(
    connection: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> Iterator[TableClause]:
    """`rows` (tuples in `columns` order) in a temporary table with those columns of `table`, to
    select from inside the block; emptied after it (a rollback empties it too).

    The temporary table is the connection's own and is kept for its next batch: its statements
    stay prepared (re-creating it made SQLite prepare them again, a third of the cost), and
    PostgreSQL's catalog is not churned by a table per batch. Values are stored as SQLAlchemy
    would bind them to `table` (a datetime in SQLite's text form), so what the caller selects
    into `table` is what the ORM would have written.
    """
    quote = connection.dialect.identifier_preparer.quote
    digest = hashlib.blake2b(",".join(columns).encode(), digest_size=4).hexdigest()
    stage = f"stage_{table.name}_{digest}"
    name = quote(stage)
    quoted = ", ".join(quote(column) for column in columns)
    # Identifiers only (the model's columns, a name made from them), quoted by the dialect.
    create = (
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {name} "  # noqa: S608
        f"AS SELECT {quoted} FROM {quote(table.name)}"
    )
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"{create} WITH NO DATA")
        _copy(connection, name, quoted, rows)
        empty = f"TRUNCATE {name}"
    else:
        connection.exec_driver_sql(f"{create} WHERE 0")
        _insert_values(connection, table, name, columns, rows)
        empty = f"DELETE FROM {name}"  # noqa: S608
    yield sql_table(stage, *(sql_column(column, table.c[column].type) for column in columns))
    connection.exec_driver_sql(empty)


def sqlite_random_uuid() -> ColumnElement[Any]:
    """SQLite: a new random (version 4) UUID per row, as the `Uuid` type stores it (32 hex digits).

    The version digit is 4 and the variant digit one of 8, 9, a, b, as `uuid.uuid4()` makes them.
    """
    hex_of = "lower(hex(randomblob({})))"
    parts = [
        hex_of.format(6),  # time_low and time_mid: 12 digits
        "'4'",
        f"substr({hex_of.format(2)}, 2)",  # the rest of time_hi_and_version
        "substr('89ab', 1 + (random() & 3), 1)",
        f"substr({hex_of.format(2)}, 2)",  # the rest of clock_seq
        hex_of.format(6),  # node
    ]
    return literal_column(" || ".join(parts))


def _copy(connection: Connection, name: str, quoted: str, rows: Sequence[Sequence[Any]]) -> None:
    """PostgreSQL: COPY the rows in (psycopg adapts dates and UUIDs itself)."""
    driver = _driver(connection)
    with driver.cursor() as cursor, cursor.copy(f"COPY {name} ({quoted}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _insert_values(
    connection: Connection,
    table: Table,
    name: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> None:
    """SQLite: multi-row VALUES; full statements have the same text, so the driver prepares
    them once (its statement cache), and each runs in one step without the GIL."""
    dialect = connection.dialect
    processors = [
        (index, processor)
        for index, column in enumerate(columns)
        if (processor := table.c[column].type.dialect_impl(dialect).bind_processor(dialect))
    ]
    driver = _driver(connection)
    limit = driver.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // len(columns)
    per_statement = max(1, min(SQLITE_ROWS_PER_STATEMENT, limit))
    one_row = "(" + ", ".join("?" * len(columns)) + ")"
    cursor = driver.cursor()
    try:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            values = [value for row in chunk for value in _driver_values(row, processors)]
            rows_sql = ", ".join([one_row] * len(chunk))
            cursor.execute(f"INSERT INTO {name} VALUES {rows_sql}", values)  # noqa: S608
    finally:
        cursor.close()


def _driver_values(
    row: Sequence[Any], processors: Sequence[tuple[int, Processor]]
) -> Sequence[Any]:
    if not processors:
        return row
    values = list(row)
    for index, processor in processors:
        if values[index] is not None:
            values[index] = processor(values[index])
    return values


def _driver(connection: Connection) -> Any:
    driver = connection.connection.driver_connection
    if driver is None:  # pragma: no cover - a checked-out connection always has one
        raise RuntimeError("the connection has no driver connection")
    return driver
