"""Writes the stored database dumps the upgrade test starts from (schema and rows of one commit).

Run at the commit whose schema is to be kept, once per backend, and commit the output:

    .venv/bin/python -m tests.upgrade.make_dump sqlite schemas/<commit>.sqlite.sql
    .venv/bin/python -m tests.upgrade.make_dump postgresql schemas/<commit>.postgresql.sql

It pushes that commit's schema into an empty database, puts ROWS_PER_TABLE rows into every table
(every column filled, foreign keys pointing at real parents, allowed values from the CHECK
constraints), and dumps schema and rows with the database's own tool (sqlite3 .dump, pg_dump).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Float,
    Integer,
    String,
    Table,
    Text,
    Uuid,
    create_engine,
    make_url,
    text,
)

from earmark import schema
from earmark.db.push import push_schema
from earmark.db.types import UtcDateTime
from tests.conftest import PG_ADMIN_URL

ROWS_PER_TABLE = 3
_IN_LIST = re.compile(r"(\w+) IN \(([^)]*)\)")


def allowed_values(table: Table) -> dict[str, list[str]]:
    """Column -> the values a CHECK constraint of the form `col IN ('a', 'b')` allows."""
    found: dict[str, list[str]] = {}
    for constraint in table.constraints:
        if isinstance(constraint, CheckConstraint):
            for column, listed in _IN_LIST.findall(str(constraint.sqltext)):
                found[column] = [value.strip().strip("'") for value in listed.split(",")]
    return found


def _text(table: Table, column: Column[Any], index: int) -> str:
    limit = getattr(column.type, "length", None) or 200
    return f"{table.name}.{column.name} {index}"[-limit:]


# Checked in order: UtcDateTime before the plain types, BigInteger before Integer.
_SAMPLES: list[tuple[type, Callable[[Table, Column[Any], int], Any]]] = [
    (Uuid, lambda t, c, i: uuid.uuid5(uuid.NAMESPACE_URL, f"earmark:{t.name}:{c.name}:{i}")),
    (UtcDateTime, lambda _t, _c, i: datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC) + timedelta(days=i)),
    # partial unique indexes allow one true row (one setup admin)
    (Boolean, lambda _t, _c, i: i == 0),
    (BigInteger, lambda _t, _c, i: i + 1),
    (Integer, lambda _t, _c, i: i + 1),
    (Float, lambda _t, _c, i: i + 0.5),
    (JSON, lambda t, _c, i: {"row": i, "items": [f"{t.name}-{i}"]}),
    (String, _text),
    (Text, _text),
]


def value_for(table: Table, column: Column[Any], index: int, allowed: dict[str, list[str]]) -> Any:
    if column.name in allowed:
        return allowed[column.name][index % len(allowed[column.name])]
    for column_type, sample in _SAMPLES:
        if isinstance(column.type, column_type):
            return sample(table, column, index)
    raise TypeError(f"no sample value for {table.name}.{column.name} ({column.type!r})")


def fill(url: str) -> None:
    engine = create_engine(url)
    metadata = schema.metadata()
    push_schema(engine, metadata)
    keys: dict[str, list[dict[str, Any]]] = {}
    with engine.begin() as conn:
        for table in metadata.sorted_tables:
            allowed = allowed_values(table)
            rows = []
            for index in range(ROWS_PER_TABLE):
                row = {c.name: value_for(table, c, index, allowed) for c in table.columns}
                for foreign_key in table.foreign_keys:
                    parent = keys[foreign_key.column.table.name][index]
                    row[foreign_key.parent.name] = parent[foreign_key.column.name]
                rows.append(row)
            conn.execute(table.insert(), rows)
            keys[table.name] = rows
    engine.dispose()


def dump_sqlite() -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "earmark.db"
        fill(f"sqlite:///{path}")
        return subprocess.run(
            ["sqlite3", str(path), ".dump"], check=True, capture_output=True, text=True, timeout=60
        ).stdout


def dump_postgresql() -> str:
    name = f"earmark_dump_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(PG_ADMIN_URL).set(database=name)
        fill(url.render_as_string(hide_password=False))
        host = url.query.get("host") or url.host or "127.0.0.1"
        argv = ["pg_dump", "--no-owner", "--no-privileges", "--inserts", "--host", str(host)]
        argv += ["--username", url.username or "postgres", name]
        return subprocess.run(argv, check=True, capture_output=True, text=True, timeout=60).stdout
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    backend, target = sys.argv[1], Path(sys.argv[2])
    dump = dump_sqlite() if backend == "sqlite" else dump_postgresql()
    target.write_text(dump)


if __name__ == "__main__":
    main()
