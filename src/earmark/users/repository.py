"""Queries for users, Plex sign-ins in progress and failed sign-ins; never commits."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from earmark.requests.models import Request
from earmark.users.models import LoginFailure, PlexLogin, User


def get_user(session: Session, user_id: uuid.UUID) -> User | None:
    return session.get(User, user_id)


def find_by_plex_id(session: Session, plex_id: str) -> User | None:
    return session.scalar(select(User).where(User.plex_id == plex_id))


def find_setup_admin(session: Session) -> User | None:
    return session.scalar(select(User).where(User.is_setup_admin.is_(True)).limit(1))


def list_with_request_counts(session: Session) -> list[tuple[User, int]]:
    counts = (
        select(Request.user_id, func.count(Request.id).label("total"))
        .group_by(Request.user_id)
        .subquery()
    )
    rows = session.execute(
        select(User, func.coalesce(counts.c.total, 0))
        .outerjoin(counts, counts.c.user_id == User.id)
        .order_by(User.created_at.desc(), User.plex_username)
    ).all()
    return [(user, int(total)) for user, total in rows]


def get_plex_login(session: Session, pin_id: str) -> PlexLogin | None:
    return session.scalar(select(PlexLogin).where(PlexLogin.pin_id == pin_id))


def delete_expired_plex_logins(session: Session, now: datetime) -> None:
    session.execute(delete(PlexLogin).where(PlexLogin.expires_at <= now))


def count_failures_since(
    session: Session, subject: str, since: datetime
) -> tuple[int, datetime | None]:
    """How many failures `subject` had after `since`, and the oldest of them."""
    row = session.execute(
        select(func.count(LoginFailure.id), func.min(LoginFailure.failed_at)).where(
            LoginFailure.subject == subject, LoginFailure.failed_at > since
        )
    ).one()
    return int(row[0]), row[1]


def add_failure(session: Session, subject: str, now: datetime) -> uuid.UUID:
    hit = LoginFailure(id=uuid.uuid4(), subject=subject, failed_at=now)
    session.add(hit)
    return hit.id


def delete_failure(session: Session, hit_id: uuid.UUID) -> None:
    session.execute(delete(LoginFailure).where(LoginFailure.id == hit_id))


def lock_subject(session: Session, subject: str) -> None:
    """Serialises count-then-record per subject on PostgreSQL (SQLite writers are serial already)."""
    if session.get_bind().dialect.name == "postgresql":
        key = int.from_bytes(bytes.fromhex(subject[:16]), "big", signed=True)
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def clear_failures(session: Session, subject: str) -> None:
    session.execute(delete(LoginFailure).where(LoginFailure.subject == subject))


def delete_failures_before(session: Session, cutoff: datetime) -> None:
    session.execute(delete(LoginFailure).where(LoginFailure.failed_at <= cutoff))
