"""Column types shared by every model: aware UTC datetimes, portable JSON, enums, enum checks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import JSON, CheckConstraint, DateTime, Dialect, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.schema import CreateIndex
from sqlalchemy.sql.compiler import DDLCompiler
from sqlalchemy.types import TypeDecorator, TypeEngine

E = TypeVar("E", bound=StrEnum)


class _PortableJson(TypeDecorator[Any]):
    """JSON; JSONB on PostgreSQL. Unlike `JSON().with_variant(JSONB(), "postgresql")` this loads
    SQLAlchemy's PostgreSQL dialect (~20 ms, ~2 MB) only in a process that talks to PostgreSQL."""

    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import JSONB

            return dialect.type_descriptor(JSONB())
        return dialect.type_descriptor(JSON())


JsonType = _PortableJson()


class UtcDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes; SQLite returns naive values, which are UTC by construction."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment: datetime = datetime.fromisoformat(value) if isinstance(value, str) else value
        if moment.tzinfo is None:
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)


def allowed_values(column: str, values: Sequence[str], name: str) -> CheckConstraint:
    """A CHECK constraint that enforces a column's allowed values (the seed's enums)."""
    quoted = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({quoted})", name=name)


@compiles(CreateIndex, "postgresql")
def _partial_on_postgresql_too(create: CreateIndex, compiler: DDLCompiler, **kw: Any) -> str:
    """A partial index is declared once, with `sqlite_where`, and is partial on PostgreSQL too.

    Declaring `postgresql_where` beside it would make SQLAlchemy import its PostgreSQL dialect
    into every process, SQLite's included (~20 ms of each start, ~2 MB). The statement is the one
    `postgresql_where` gave, so stored schema fingerprints still match.
    """
    statement: str = compiler.visit_create_index(create, **kw)  # type: ignore[no-untyped-call]
    condition = create.element.dialect_options["sqlite"]["where"]
    if condition is None or create.element.dialect_options["postgresql"]["where"] is not None:
        return statement
    where = compiler.sql_compiler.process(condition, include_table=False, literal_binds=True)
    return f"{statement} WHERE {where}"


class StrEnumColumn(TypeDecorator[E]):
    """A string column read back as members of `enum` (writes check the value is one of them)."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[E], length: int) -> None:
        super().__init__(length)
        self.enum = enum
        self.length = length

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else self.enum(value).value

    def process_result_value(self, value: str | None, dialect: Dialect) -> E | None:
        return None if value is None else self.enum(value)
