"""Schema sync ("db push"): make the database match the models, refusing to lose data.

Alembic's autogenerate comparison lists the differences; additive ones (new tables, columns,
indexes, relaxed NOT NULL, types that only widen: longer strings, text, bigger integers, changed
server defaults, an index's column order) are applied, destructive ones (dropped tables or
columns, other type changes, tightened NOT NULL) are refused unless the caller accepts data loss.

Three comparisons are our own: server defaults (Alembic's reports a reflected `false` against a
rendered `0` as a change on every run); on SQLite, which index columns are DESC (SQLite's
reflection does not say; PostgreSQL's does and Alembic compares it); and the allowed values of
the CHECK constraints that list them (`db.types.allowed_values`; Alembic compares no CHECK
constraints): a constraint that allows more values is replaced, one that allows fewer is refused
as destructive.

The comparison reflects every table (0.3-0.5 s, and Alembic's import ~10 MB), so it runs only
when the models changed: the fingerprint of the models (their DDL for this dialect and the
Earmark version) is stored in `earmark_schema_fingerprint` after a push, and a push that finds
the same fingerprint stored returns at once. `earmark db push` always compares.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Connection,
    Engine,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    delete,
    insert,
    inspect,
    select,
)
from sqlalchemy.schema import CreateIndex, CreateTable

from earmark import __version__
from earmark.core.errors import EarmarkError

if TYPE_CHECKING:
    from alembic.operations import Operations

FINGERPRINT_TABLE = "earmark_schema_fingerprint"
# Kept outside the models' metadata: it describes them, and the comparison skips it.
_FINGERPRINTS = Table(
    FINGERPRINT_TABLE, MetaData(), Column("fingerprint", String(64), nullable=False)
)


class DestructiveChangeRefused(EarmarkError):
    code = "DestructiveChange"


class SchemaPushFailed(EarmarkError):
    code = "SchemaPushFailed"


@dataclass
class PushReport:
    applied: list[str] = field(default_factory=list)
    destructive: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.applied)


_ADDITIVE = {"add_table", "add_column", "add_index", "remove_index"}


def _describe(diff: Any) -> str:
    kind = diff[0]
    if kind in {"add_table", "remove_table"}:
        return f"{kind} {diff[1].name}"
    if kind in {"add_column", "remove_column"}:
        return f"{kind} {diff[2]}.{diff[3].name}"
    if kind in {"add_index", "remove_index"}:
        return f"{kind} {diff[1].name} on {diff[1].table.name}"
    if kind in {"modify_type", "modify_nullable", "modify_default", "modify_comment"}:
        return f"{kind} {diff[2]}.{diff[3]}"
    if kind == "modify_check":
        return f"{kind} {diff[1].table.name}.{diff[1].name}"
    return str(kind)


def _flatten(diffs: list[Any]) -> list[Any]:
    flat: list[Any] = []
    for diff in diffs:
        # Column modifications arrive grouped in a list of tuples.
        if isinstance(diff, list):
            flat.extend(diff)
        else:
            flat.append(diff)
    return flat


def _is_additive(diff: Any) -> bool:
    kind = diff[0]
    if kind in _ADDITIVE:
        return True
    if kind == "modify_nullable":
        return bool(diff[6])  # becomes nullable: no row can violate it
    if kind == "modify_type":
        return _widens(diff[5], diff[6])
    if kind == "modify_check":
        return bool(diff[2] <= diff[3])  # every value allowed before is still allowed
    return kind in {"modify_default", "modify_comment"}


def _widens(old: Any, new: Any) -> bool:
    """True when every value of the `old` column type fits the `new` one unchanged."""
    if isinstance(old, String) and isinstance(new, String):
        if isinstance(new, Text) or new.length is None:
            return True
        return not isinstance(old, Text) and old.length is not None and new.length >= old.length
    old_rank, new_rank = _integer_rank(old), _integer_rank(new)
    return old_rank is not None and new_rank is not None and new_rank >= old_rank


def _integer_rank(column_type: Any) -> int | None:
    # BigInteger and SmallInteger subclass Integer (as reflected BIGINT/SMALLINT do): test first.
    if isinstance(column_type, BigInteger):
        return 3
    if isinstance(column_type, SmallInteger):
        return 1
    return 2 if isinstance(column_type, Integer) else None


def _apply(conn: Connection, ops: Operations, metadata: MetaData, diff: Any) -> None:
    kind = diff[0]
    if kind == "add_table":
        table: Table = diff[1]
        table.create(conn)
    elif kind == "add_column":
        column: Column[Any] = diff[3]
        ops.add_column(diff[2], column._copy())
    elif kind == "add_index":
        index: Index = diff[1]
        index.create(conn)
    elif kind == "remove_index":
        ops.drop_index(diff[1].name, table_name=diff[1].table.name)
    elif kind == "modify_nullable":
        with ops.batch_alter_table(diff[2]) as batch:
            batch.alter_column(diff[3], nullable=True, existing_type=diff[4]["existing_type"])
    elif kind == "remove_table":
        ops.drop_table(diff[1].name)
    elif kind == "remove_column":
        with ops.batch_alter_table(diff[2]) as batch:
            batch.drop_column(diff[3].name)
    elif kind == "modify_type":
        with ops.batch_alter_table(diff[2]) as batch:
            batch.alter_column(diff[3], type_=diff[6], existing_type=diff[5])
    elif kind == "modify_check":
        constraint: CheckConstraint = diff[1]
        if conn.dialect.name == "sqlite":  # rebuilt from the model, which holds the new CHECK
            with ops.batch_alter_table(
                constraint.table.name, copy_from=constraint.table, recreate="always"
            ):
                pass
        else:
            ops.drop_constraint(str(constraint.name), constraint.table.name, type_="check")
            ops.create_check_constraint(
                str(constraint.name), constraint.table.name, constraint.sqltext
            )
    elif kind == "modify_default":
        new_default = diff[6].arg if diff[6] is not None else None
        with ops.batch_alter_table(diff[2]) as batch:
            batch.alter_column(
                diff[3],
                server_default=new_default,
                existing_type=diff[4]["existing_type"],
                existing_nullable=diff[4]["existing_nullable"],
            )


def _order(diff: Any) -> int:
    # Tables first (in dependency order, as listed), then columns, then indexes; an index that
    # is recreated (another column order) is dropped before its new self is created.
    return {"add_table": 0, "add_column": 1, "remove_index": 2, "add_index": 3}.get(diff[0], 4)


def push_schema(
    engine: Engine,
    metadata: MetaData,
    *,
    accept_data_loss: bool = False,
    trust_fingerprint: bool = True,
) -> PushReport:
    """Bring the database in line with `metadata`; idempotent; raises on refused data loss.

    With `trust_fingerprint`, a database whose stored fingerprint matches the models is taken
    as up to date without comparing (see the module docstring).
    """
    with engine.connect() as conn:
        wanted = models_fingerprint(metadata, conn)
        if trust_fingerprint and _stored_fingerprint(conn) == wanted:
            conn.rollback()
            return PushReport()
        conn.rollback()
    with engine.connect() as conn, _foreign_keys_deferred_on_sqlite(conn), conn.begin():
        report = _push(conn, metadata, accept_data_loss)
        if report.applied:
            _check_foreign_keys(conn)
        _store_fingerprint(conn, wanted)
    return report


def models_fingerprint(metadata: MetaData, conn: Connection) -> str:
    """A digest of the DDL the models give on this dialect, and of the Earmark version."""
    digest = hashlib.sha256(f"{__version__}\n{conn.dialect.name}\n".encode())
    for table in metadata.sorted_tables:
        digest.update(str(CreateTable(table).compile(dialect=conn.dialect)).encode())
        for index in sorted(table.indexes, key=lambda index: str(index.name)):
            digest.update(str(CreateIndex(index).compile(dialect=conn.dialect)).encode())
    return digest.hexdigest()


def _stored_fingerprint(conn: Connection) -> str | None:
    if not inspect(conn).has_table(FINGERPRINT_TABLE):
        return None
    stored = conn.execute(select(_FINGERPRINTS.c.fingerprint)).scalar()
    return None if stored is None else str(stored)


def _store_fingerprint(conn: Connection, fingerprint: str) -> None:
    _FINGERPRINTS.create(conn, checkfirst=True)
    conn.execute(delete(_FINGERPRINTS))
    conn.execute(insert(_FINGERPRINTS).values(fingerprint=fingerprint))


def _not_ours_to_compare(name: str | None, type_: str, parent_names: Any) -> bool:
    return not (type_ == "table" and name == FINGERPRINT_TABLE)


@contextmanager
def _foreign_keys_deferred_on_sqlite(conn: Connection) -> Iterator[None]:
    """SQLite alters a column by rebuilding its table; with foreign keys on, dropping the old
    table would cascade-delete every row that references it (all requests of `users`).

    The pragma only takes effect outside a transaction, so it is set on the driver connection
    before SQLAlchemy begins one, and restored before the connection returns to the pool.
    """
    if conn.dialect.name != "sqlite":
        yield
        return
    driver = conn.connection.dbapi_connection
    assert driver is not None
    driver.cursor().execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        driver.cursor().execute("PRAGMA foreign_keys=ON")


def _check_foreign_keys(conn: Connection) -> None:
    if conn.dialect.name != "sqlite":
        return
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        tables = sorted({str(row[0]) for row in broken})
        raise SchemaPushFailed(
            "The schema change would leave rows pointing at missing rows in "
            + ", ".join(tables)
            + "; nothing was changed."
        )


def _push(conn: Connection, metadata: MetaData, accept_data_loss: bool) -> PushReport:
    # Alembic is imported only when a comparison runs (~10 MB; docs/architecture.md, "Imports").
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    report = PushReport()
    options = {
        "compare_type": True,
        "render_as_batch": True,
        "compare_server_default": _server_default_differs,
        "include_name": _not_ours_to_compare,
    }
    context = MigrationContext.configure(conn, opts=options)
    diffs = _flatten(compare_metadata(context, metadata))
    new_tables = {d[1].name for d in diffs if d[0] == "add_table"}
    # A new table is created with its indexes, so their separate add_index entries go.
    diffs = (
        [
            d
            for d in diffs
            if d[0] != "add_table" and not (d[0] == "add_index" and d[1].table.name in new_tables)
        ]
        + _tables_in_order(diffs, metadata)
        + _allowed_values_diffs(conn, metadata)
    )
    destructive = [d for d in diffs if not _is_additive(d)]
    report.destructive = [_describe(d) for d in destructive]
    if destructive and not accept_data_loss:
        raise DestructiveChangeRefused(
            "Refusing a destructive schema change ("
            + "; ".join(report.destructive)
            + "). Back up the database, then run `earmark db push --accept-data-loss`."
        )
    ops = Operations(context)
    for diff in sorted(diffs, key=_order):
        if diff[0] == "modify_comment":
            continue
        _apply(conn, ops, metadata, diff)
        report.applied.append(_describe(diff))
    # Last, as SQLite rebuilds a table (for the changes above) with its indexes ascending.
    for diff in _sqlite_index_order_diffs(conn, metadata):
        _apply(conn, ops, metadata, diff)
        report.applied.append(_describe(diff))
    return report


def _tables_in_order(diffs: list[Any], metadata: MetaData) -> list[Any]:
    wanted = {d[1].name for d in diffs if d[0] == "add_table"}
    return [("add_table", t) for t in metadata.sorted_tables if t.name in wanted]


def _normalised_default(sql: str | None) -> str | None:
    """A server default's SQL in one spelling: no parentheses, casts or quotes; booleans as 0/1."""
    if sql is None:
        return None
    value = sql.strip()
    while value.startswith("(") and value.endswith(")"):
        value = value[1:-1].strip()
    value = value.split("::", 1)[0].strip().strip("'\"").lower()
    return {"false": "0", "true": "1"}.get(value, value)


def _server_default_differs(
    context: Any,
    inspected_column: Any,
    metadata_column: Any,
    inspected_default: str | None,
    metadata_default: Any,
    rendered_metadata_default: str | None,
) -> bool:
    return _normalised_default(inspected_default) != _normalised_default(rendered_metadata_default)


def _sqlite_index_order_diffs(conn: Connection, metadata: MetaData) -> list[Any]:
    """Indexes whose DESC columns differ from the database's, as a drop and a create (SQLite).

    Alembic's SQLite comparison cannot see the order (reflection drops it), so it reports none.
    """
    if conn.dialect.name != "sqlite":
        return []
    diffs: list[Any] = []
    existing = {
        str(row[0])
        for row in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index'")
    }
    for table in metadata.sorted_tables:
        for index in table.indexes:
            if index.name is None or str(index.name) not in existing:
                continue
            wanted = [_is_descending(expression) for expression in index.expressions]
            rows = conn.exec_driver_sql(f'PRAGMA index_xinfo("{index.name}")').all()
            # index_xinfo lists the key columns (key = 1) first; its 4th field is "desc".
            found = [bool(row[3]) for row in rows if row[5]]
            if wanted != found:
                diffs += [("remove_index", index), ("add_index", index)]
    return diffs


def _is_descending(expression: Any) -> bool:
    modifier = getattr(expression, "modifier", None)
    return getattr(modifier, "__name__", "") == "desc_op"


_QUOTED = re.compile(r"'((?:[^']|'')*)'")


def _allowed(sql: str) -> frozenset[str]:
    """The quoted values a CHECK constraint lists (empty for one that lists none)."""
    return frozenset(value.replace("''", "'") for value in _QUOTED.findall(sql))


def _allowed_values_diffs(conn: Connection, metadata: MetaData) -> list[Any]:
    """CHECK constraints whose listed values differ from the database's same-named constraint."""
    inspector = inspect(conn)
    existing_tables = set(inspector.get_table_names())
    diffs: list[Any] = []
    for table in metadata.sorted_tables:
        if table.name not in existing_tables:
            continue
        found = {
            str(c["name"]): _allowed(str(c["sqltext"]))
            for c in inspector.get_check_constraints(table.name)
            if c.get("name")
        }
        for constraint in table.constraints:
            if not isinstance(constraint, CheckConstraint) or str(constraint.name) not in found:
                continue
            wanted = _allowed(str(constraint.sqltext))
            old = found[str(constraint.name)]
            if wanted != old:
                diffs.append(("modify_check", constraint, old, wanted))
    return diffs
