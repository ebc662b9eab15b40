"""Many-row writes that cost one statement per batch, not one per row.

SQLAlchemy's Core executemany builds a parameter dictionary and runs every column's bind
processor for every row, and the driver then binds and steps each row with the GIL taken and
given back around every step (about 60 µs a row for the 22 columns of `plex_library`: most of a
50,000-item library scan, and a thread that stores while another parses waited for the GIL at
every row). Here the rows reach the database as one value and one statement moves them, inside
the caller's transaction:

* PostgreSQL: `copy_into_temporary_table` COPYs them into a temporary table;
* SQLite: `sqlite_json_rows` sends them as one JSON array that `json_each` reads back.

Either is the source of one `INSERT … SELECT` (with its `ON CONFLICT`), which the database runs
while the calling thread holds no GIL. Column defaults are NOT applied: the caller selects every
column the table needs (`sqlite_random_uuid` and `gen_random_uuid()` make ids in the database).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import orjson
from sqlalchemy import Connection, Dialect, String, Table, bindparam, func, literal_column
from sqlalchemy import column as sql_column
from sqlalchemy import table as sql_table
from sqlalchemy.sql.expression import ColumnElement, TableClause

Processor = Callable[[Any], Any]

# The bound JSON array of `sqlite_json_rows`; give it with the statement's parameters.
JSON_ROWS_PARAMETER = "json_rows"


def sqlite_json_rows(
    dialect: Dialect, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> tuple[list[ColumnElement[Any]], dict[str, str]]:
    """SQLite: `columns` of `rows` (tuples in `columns` order) to select, and the parameters.

    Each value is first converted as SQLAlchemy would bind it (a datetime becomes SQLite's text
    form, a UUID its hex), so what is stored is what the ORM stores. JSON keeps text, integers
    (64-bit), reals and NULL apart, and `json_extract` hands them back as such.
    """
    processors = [
        (index, processor)
        for index, name in enumerate(columns)
        if (processor := table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
    ]
    payload = orjson.dumps([_driver_values(row, processors) for row in rows]).decode()
    each = func.json_each(bindparam(JSON_ROWS_PARAMETER, type_=String)).table_valued("value")
    picked: list[ColumnElement[Any]] = [
        func.json_extract(each.c.value, literal_column(f"'$[{index}]'")).label(name)
        for index, name in enumerate(columns)
    ]
    return picked, {JSON_ROWS_PARAMETER: payload}


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


def _driver_values(row: Sequence[Any], processors: Sequence[tuple[int, Processor]]) -> Any:
    if not processors:
        return row
    values = list(row)
    for index, processor in processors:
        if values[index] is not None:
            values[index] = processor(values[index])
    return values


def copy_into_temporary_table(
    connection: Connection, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> TableClause:
    """PostgreSQL only: COPY `rows` (tuples in `columns` order) into a new temporary table
    with those columns of `table`, dropped at commit; returns it to select from.

    COPY formats rows in psycopg's C code, one stream for the batch: for a 50,000-row library
    scan about a third of the CPU time of an executemany, one statement per row.
    """
    quote = connection.dialect.identifier_preparer.quote
    stage = f"stage_{table.name}_{uuid.uuid4().hex[:12]}"
    name, source = quote(stage), quote(table.name)
    quoted = ", ".join(quote(column) for column in columns)
    # Identifiers only (the model's columns, a generated name), quoted by the dialect: no input.
    create = f"CREATE TEMPORARY TABLE {name} ON COMMIT DROP AS SELECT {quoted} FROM {source}"  # noqa: S608
    connection.exec_driver_sql(create + " WITH NO DATA")
    driver = connection.connection.driver_connection
    if driver is None:  # pragma: no cover - a checked-out connection always has one
        raise RuntimeError("the connection has no driver connection")
    with driver.cursor() as cursor, cursor.copy(f"COPY {name} ({quoted}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    return sql_table(stage, *(sql_column(column, table.c[column].type) for column in columns))
