"""db push: creates the seed tables, is idempotent, refuses destructive changes without the flag."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import (
    Boolean,
    Column,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
    bindparam,
    create_engine,
    inspect,
    text,
)
from sqlalchemy.exc import IntegrityError

from earmark import schema
from earmark.db.engine import transaction
from earmark.db.push import DestructiveChangeRefused, push_schema
from earmark.db.types import allowed_values
from earmark.requests.models import Audiobook, Request
from earmark.users.models import User
from earmark.wiring import Services

# These tests add, drop and rebuild tables: never on the database other tests share.
pytestmark = pytest.mark.fresh_database

SEED_TABLES = {
    "users",
    "audible_cache",
    "audiobooks",
    "requests",
    "download_history",
    "configuration",
    "jobs",
    "job_events",
}


def test_push_creates_all_seed_tables(services: Services) -> None:
    tables = set(inspect(services.engine).get_table_names())
    assert tables >= SEED_TABLES


def test_push_second_run_changes_nothing(services: Services) -> None:
    report = push_schema(services.engine, schema.metadata())
    assert report.applied == []


def test_push_trusts_a_matching_fingerprint_and_db_push_compares_anyway(
    services: Services,
) -> None:
    # Drift the models cannot cause (an index dropped by hand) is invisible to the start-up
    # push, which only compares when the models changed, but an explicit push repairs it.
    with services.engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_requests_user_id_created_at"))

    assert push_schema(services.engine, schema.metadata()).applied == []
    report = push_schema(services.engine, schema.metadata(), trust_fingerprint=False)

    assert report.applied == ["add_index ix_requests_user_id_created_at on requests"]
    assert "earmark_schema_fingerprint" not in " ".join(report.applied)


def test_push_compares_again_when_the_models_change(services: Services) -> None:
    extended = MetaData()
    for table in schema.metadata().sorted_tables:
        table.to_metadata(extended)
    Index("ix_users_plex_username_test", extended.tables["users"].c.plex_username)

    report = push_schema(services.engine, extended)

    assert report.applied == ["add_index ix_users_plex_username_test on users"]
    assert push_schema(services.engine, extended).applied == []


def test_push_adds_a_new_column_without_data_loss(services: Services) -> None:
    with services.engine.begin() as conn:
        conn.execute(
            text("CREATE TABLE extra_things (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(20))")
        )
        conn.execute(text("INSERT INTO extra_things (id, name) VALUES (1, 'kept')"))
    only_extra = MetaData()
    for table in schema.metadata().sorted_tables:
        table.to_metadata(only_extra)
    Table(
        "extra_things",
        only_extra,
        Column("id", Integer, primary_key=True),
        Column("name", String(20)),
        Column("note", String(50)),
    )
    report = push_schema(services.engine, only_extra)
    assert "add_column extra_things.note" in report.applied
    with services.engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM extra_things")).scalar_one() == "kept"


def test_push_refuses_dropping_a_table_without_flag(services: Services) -> None:
    smaller = MetaData()
    for table in schema.metadata().sorted_tables:
        if table.name != "job_events":
            table.to_metadata(smaller)
    with pytest.raises(DestructiveChangeRefused, match="accept-data-loss"):
        push_schema(services.engine, smaller)
    assert "job_events" in inspect(services.engine).get_table_names()
    report = push_schema(services.engine, smaller, accept_data_loss=True)
    assert "remove_table job_events" in report.applied
    assert "job_events" not in inspect(services.engine).get_table_names()


def test_push_refuses_dropping_a_column_without_flag(services: Services) -> None:
    smaller = MetaData()
    for table in schema.metadata().sorted_tables:
        copy = table.to_metadata(smaller)
        if table.name == "audible_cache":
            copy._columns.remove(copy.c.rating)  # simulate a model that lost a column
    with pytest.raises(DestructiveChangeRefused, match=r"audible_cache\.rating"):
        push_schema(services.engine, smaller)


def _with_user_columns(**types: object) -> MetaData:
    changed = MetaData()
    for table in schema.metadata().sorted_tables:
        copy = table.to_metadata(changed)
        if table.name == "users":
            for name, column_type in types.items():
                copy.c[name].type = column_type
    return changed


def test_push_widens_types_in_place_keeping_rows_that_reference_the_table(
    services: Services,
) -> None:
    with transaction(services.sessions) as session:
        user = User(plex_id="plex-1", plex_username="reader", role="user")
        book = Audiobook(title="Dune", author="Frank Herbert")
        session.add_all([user, book])
        session.flush()
        session.add(Request(user_id=user.id, audiobook_id=book.id, status="pending"))
    wider = _with_user_columns(plex_username=String(400), plex_email=Text())

    report = push_schema(services.engine, wider)

    assert sorted(report.applied) == [
        "modify_type users.plex_email",
        "modify_type users.plex_username",
    ]
    assert push_schema(services.engine, wider).applied == []
    with services.engine.connect() as conn:
        # SQLite rebuilds the table to change a type; the requests of its users must survive.
        assert conn.execute(text("SELECT count(*) FROM requests")).scalar_one() == 1
        assert conn.execute(text("SELECT plex_username FROM users")).scalar_one() == "reader"
    with pytest.raises(IntegrityError), transaction(services.sessions) as session:
        # Foreign keys are enforced again afterwards.
        session.add(Request(user_id=uuid.uuid4(), audiobook_id=book.id, status="pending"))


def test_push_refuses_narrowing_a_type_without_flag(services: Services) -> None:
    with pytest.raises(DestructiveChangeRefused, match=r"users\.plex_username"):
        push_schema(services.engine, _with_user_columns(plex_username=String(10)))


def test_schema_enforces_seed_allowed_values(services: Services) -> None:
    with pytest.raises(IntegrityError), services.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (id, plex_id, plex_username, role, is_setup_admin, "
                "bookdate_library_scope, bookdate_onboarding_complete, session_version, created_at, updated_at) "
                "VALUES ('11111111111111111111111111111111', 'p1', 'u', 'superuser', false, 'full', false, 0, "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )


SEED_SERVER_DEFAULTS = {
    ("users", "is_setup_admin"): False,
    ("users", "bookdate_library_scope"): "full",
    ("users", "bookdate_onboarding_complete"): False,
    ("requests", "max_import_retries"): 5,
    ("jobs", "max_attempts"): 3,
}
SEED_DESC_INDEXES = {
    "requests": "ix_requests_created_at_desc",
    "download_history": "ix_download_history_created_at_desc",
    "jobs": "ix_jobs_created_at_desc",
}


def _schema_before_seed_conformance() -> MetaData:
    """The models as they were: those defaults only in the ORM, created_at indexes ascending."""
    models = schema.metadata()
    old = MetaData(naming_convention=models.naming_convention)
    for table in models.sorted_tables:
        copy = table.to_metadata(old)
        for table_name, column in SEED_SERVER_DEFAULTS:
            if table_name == copy.name:
                copy.c[column].server_default = None
        if copy.name in SEED_DESC_INDEXES:
            name = SEED_DESC_INDEXES[copy.name]
            copy.indexes.discard(next(i for i in copy.indexes if i.name == name))
            Index(name, copy.c.created_at)
    return old


def _descending_columns(engine: Engine, table: str, index: str) -> list[str]:
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            rows = conn.exec_driver_sql(f'PRAGMA index_xinfo("{index}")').all()
            return [str(row[2]) for row in rows if row[5] and row[3]]
    found = next(i for i in inspect(engine).get_indexes(table) if i["name"] == index)
    sorting = found.get("column_sorting") or {}
    return [column for column, order in sorting.items() if "desc" in order]


def test_push_applies_seed_server_defaults_and_desc_indexes_to_an_existing_database(
    database_url: str,
) -> None:
    engine = create_engine(database_url)
    _schema_before_seed_conformance().create_all(engine)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (id, plex_id, plex_username, role, is_setup_admin,"
                " bookdate_library_scope, bookdate_onboarding_complete, session_version,"
                " created_at, updated_at) VALUES (:id, 'plex-1', 'kept', 'admin', :t, 'rated',"
                " :t, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            ).bindparams(bindparam("id", type_=Uuid()), bindparam("t", type_=Boolean())),
            {"id": uuid.uuid4(), "t": True},
        )

    report = push_schema(engine, schema.metadata())

    for table, column in SEED_SERVER_DEFAULTS:
        assert f"modify_default {table}.{column}" in report.applied
    for table, index in SEED_DESC_INDEXES.items():
        assert f"add_index {index} on {table}" in report.applied
        assert _descending_columns(engine, table, index) == ["created_at"]
    assert push_schema(engine, schema.metadata()).applied == []
    with engine.begin() as conn:
        kept = conn.execute(text("SELECT plex_username, is_setup_admin FROM users")).one()
        assert tuple(kept) == ("kept", True)
        # A row written without the ORM now gets the seed's defaults from the database.
        for plex_id in ("plex-2", "plex-3"):  # two non-admins: the partial unique index held
            conn.execute(
                text(
                    "INSERT INTO users (id, plex_id, plex_username, role, created_at, updated_at)"
                    " VALUES (:id, :plex_id, 'raw', 'user', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                ).bindparams(bindparam("id", type_=Uuid())),
                {"id": uuid.uuid4(), "plex_id": plex_id},
            )
        raw = conn.execute(
            text(
                "SELECT is_setup_admin, bookdate_library_scope, bookdate_onboarding_complete"
                " FROM users WHERE plex_id = 'plex-2'"
            )
        ).one()
    assert (bool(raw[0]), raw[1], bool(raw[2])) == (False, "full", False)
    engine.dispose()


def test_new_database_has_the_seed_defaults_and_desc_indexes(services: Services) -> None:
    engine = services.engine
    columns = {
        (table, c["name"]): c.get("default")
        for table in {t for t, _ in SEED_SERVER_DEFAULTS}
        for c in inspect(engine).get_columns(table)
    }
    for key in SEED_SERVER_DEFAULTS:
        assert columns[key] is not None, key
    for table, index in SEED_DESC_INDEXES.items():
        assert _descending_columns(engine, table, index) == ["created_at"]


def _colour_table(values: tuple[str, ...]) -> MetaData:
    """Earmark's schema plus a table whose CHECK lists `values`."""
    metadata = MetaData(naming_convention=schema.metadata().naming_convention)
    for table in schema.metadata().sorted_tables:
        table.to_metadata(metadata)
    Table(
        "paint_pots",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("colour", String(16), nullable=False),
        allowed_values("colour", values, "colour"),
    )
    return metadata


def test_push_widens_a_check_constraint_of_allowed_values(services: Services) -> None:
    push_schema(services.engine, _colour_table(("red", "blue")))
    with services.engine.begin() as conn:
        conn.execute(text("INSERT INTO paint_pots (id, colour) VALUES (1, 'red')"))

    report = push_schema(services.engine, _colour_table(("red", "blue", "green")))

    assert report.applied == ["modify_check paint_pots.ck_paint_pots_colour"]
    with services.engine.begin() as conn:
        conn.execute(text("INSERT INTO paint_pots (id, colour) VALUES (2, 'green')"))
        with pytest.raises(IntegrityError), conn.begin_nested():
            conn.execute(text("INSERT INTO paint_pots (id, colour) VALUES (3, 'mauve')"))
        assert conn.execute(text("SELECT count(*) FROM paint_pots")).scalar_one() == 2
    assert push_schema(services.engine, _colour_table(("red", "blue", "green"))).applied == []


def test_push_refuses_to_narrow_a_check_constraint(services: Services) -> None:
    push_schema(services.engine, _colour_table(("red", "blue")))

    with pytest.raises(DestructiveChangeRefused, match="modify_check paint_pots"):
        push_schema(services.engine, _colour_table(("red",)))


def _insert_user(conn: Any, plex_id: str, setup_admin: bool) -> None:
    conn.execute(
        text(
            "INSERT INTO users (id, plex_id, plex_username, role, is_setup_admin, created_at,"
            " updated_at) VALUES (:id, :plex_id, 'raw', 'user', :admin, CURRENT_TIMESTAMP,"
            " CURRENT_TIMESTAMP)"
        ).bindparams(bindparam("id", type_=Uuid()), bindparam("admin", type_=Boolean())),
        {"id": uuid.uuid4(), "plex_id": plex_id, "admin": setup_admin},
    )


def test_the_one_setup_admin_index_is_partial_on_both_databases(services: Services) -> None:
    # Declared once with `sqlite_where`; db/types.py makes it partial on PostgreSQL too.
    with services.engine.begin() as conn:
        for plex_id in ("plain-1", "plain-2", "plain-3"):
            _insert_user(conn, plex_id, setup_admin=False)
        _insert_user(conn, "admin-1", setup_admin=True)
    with pytest.raises(IntegrityError), services.engine.begin() as conn:
        _insert_user(conn, "admin-2", setup_admin=True)


def test_partial_index_ddl_is_the_same_on_both_dialects() -> None:
    from sqlalchemy.dialects import postgresql, sqlite
    from sqlalchemy.schema import CreateIndex

    users = schema.metadata().tables["users"]
    index = next(i for i in users.indexes if i.name == "uq_users_one_setup_admin")
    statements = {
        str(CreateIndex(index).compile(dialect=d())) for d in (postgresql.dialect, sqlite.dialect)
    }
    assert statements == {
        "CREATE UNIQUE INDEX uq_users_one_setup_admin ON users (is_setup_admin) WHERE is_setup_admin"
    }
