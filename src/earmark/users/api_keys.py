"""API keys for scripts and dashboards: named, shown once, stored as a SHA-256 digest.

A key acts as its owner with the owner's current role (read each request), so an admin's key
reaches admin routes and a user's key only user routes. A disabled owner's keys are refused.
Keys are 256 random bits, so a fast digest is enough: nothing short of the key matches it.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from earmark.core.clock import Clock
from earmark.core.errors import InvalidInput, NotFound, Unauthorized
from earmark.db.engine import SessionFactory, transaction
from earmark.users.models import ApiKey, User

KEY_PREFIX = "emk_"
SHOWN_PREFIX_LENGTH = len(KEY_PREFIX) + 6
MAX_KEYS_PER_USER = 50
# last_used_at is written at most this often per key, so a busy dashboard costs few writes.
LAST_USED_RESOLUTION = timedelta(minutes=1)
INVALID_KEY_MESSAGE = "Invalid or revoked API key."


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def looks_like_api_key(credential: str) -> bool:
    """Keys and access tokens share the bearer header; keys carry a prefix JWTs cannot start with."""
    return credential.startswith(KEY_PREFIX)


@dataclass(frozen=True)
class IssuedKey:
    """The stored row and the key itself, which exists only in this answer."""

    record: ApiKey
    key: str


class ApiKeyService:
    def __init__(self, sessions: SessionFactory, clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    def create(self, user_id: uuid.UUID, raw_name: str) -> IssuedKey:
        name = raw_name.strip()
        if not name:
            raise InvalidInput("Give the key a name, such as the script or dashboard that uses it.")
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        with transaction(self._sessions) as session:
            owned = session.scalars(select(ApiKey.id).where(ApiKey.user_id == user_id)).all()
            if len(owned) >= MAX_KEYS_PER_USER:
                raise InvalidInput(
                    f"You have {MAX_KEYS_PER_USER} API keys already; revoke one you no longer use."
                )
            record = ApiKey(
                user_id=user_id,
                name=name,
                key_hash=key_digest(key),
                prefix=key[:SHOWN_PREFIX_LENGTH],
            )
            session.add(record)
            session.flush()
            return IssuedKey(record, key)

    def list_for(self, user_id: uuid.UUID) -> list[ApiKey]:
        with self._sessions() as session:
            query = select(ApiKey).where(ApiKey.user_id == user_id)
            return list(session.scalars(query.order_by(ApiKey.created_at.desc())).all())

    def revoke(self, user_id: uuid.UUID, key_id: uuid.UUID) -> None:
        """Only the owner revokes a key; someone else's key answers like a missing one."""
        with transaction(self._sessions) as session:
            record = session.get(ApiKey, key_id)
            if record is None or record.user_id != user_id:
                raise NotFound("No such API key.")
            session.delete(record)

    def authenticate(self, key: str) -> User:
        """The owner of `key`, noting when it was used; Unauthorized if unknown or disabled."""
        now = self._clock.now()
        with self._sessions() as session:
            record = session.scalar(select(ApiKey).where(ApiKey.key_hash == key_digest(key)))
            owner = session.get(User, record.user_id) if record is not None else None
            if record is None or owner is None or owner.disabled:
                raise Unauthorized(INVALID_KEY_MESSAGE)
            stale = record.last_used_at is None or now - record.last_used_at >= LAST_USED_RESOLUTION
            record_id = record.id
        if stale:
            with transaction(self._sessions) as session:
                fresh = session.get(ApiKey, record_id)
                if fresh is not None:
                    fresh.last_used_at = now
        return owner
