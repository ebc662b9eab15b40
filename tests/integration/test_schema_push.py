"""db push: creates the seed tables, is idempotent, refuses destructive changes without the flag."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, Text, inspect, text
from sqlalchemy.exc import IntegrityError

from earmark import schema
from earmark.db.engine import transaction
from earmark.db.push import DestructiveChangeRefused, push_schema
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
