"""Turns committed ORM changes into live changes: NOTIFY on PostgreSQL, in-process on SQLite."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, text
from sqlalchemy.orm import Session

from earmark.db.engine import SessionFactory
from earmark.live.broker import CHANNEL, LiveBroker
from earmark.live.changes import Change, changes_in, encode

_PENDING = "earmark_live_changes"
_NOTIFY = text("SELECT pg_notify(:channel, :payload)")


def attach(factory: SessionFactory, broker: LiveBroker, *, postgres: bool) -> None:
    """Report every session's committed request and job changes to the pages.

    PostgreSQL: NOTIFY is sent inside the writing transaction, so it reaches every process only
    once the change is committed (and never after a rollback). SQLite: the changes are kept until
    the commit, then published to this process's broker.
    """
    if postgres:
        event.listen(factory, "after_flush", _notify_in_transaction)
        return

    # Both events also fire when a savepoint (begin_nested) ends: only the outer transaction's
    # end decides whether the changes happened.
    def publish_after_commit(session: Session) -> None:
        if session.get_nested_transaction() is not None:
            return
        changes: set[Change] = session.info.pop(_PENDING, set())
        if changes:
            broker.publish(changes)

    event.listen(factory, "after_flush", _remember)
    event.listen(factory, "after_commit", publish_after_commit)
    event.listen(factory, "after_rollback", _forget)


def _remember(session: Session, _context: Any) -> None:
    changes = changes_in(session)
    if changes:
        session.info.setdefault(_PENDING, set()).update(changes)


def _forget(session: Session) -> None:
    if session.get_nested_transaction() is None:
        session.info.pop(_PENDING, None)


def _notify_in_transaction(session: Session, _context: Any) -> None:
    changes = changes_in(session)
    if changes:
        session.connection().execute(_NOTIFY, {"channel": CHANNEL, "payload": encode(changes)})
