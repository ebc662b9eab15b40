"""Rate limits kept in the database, so every web process shares them.

Sign-in counts failures per client address (any username) and per address and username. An
attempt is recorded *before* the password hash is checked, in the same transaction as the count
(serialised per subject: SQLite's BEGIN IMMEDIATE, an advisory lock on PostgreSQL), so parallel
guesses cannot all slip past the limit, and the expensive hash runs outside any transaction.
The same ledger throttles other costly calls (see `Throttle`).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from earmark.users import repository
from earmark.users.errors import TooManyAttempts


@dataclass(frozen=True)
class Limit:
    max_hits: int
    window: timedelta


USER_LIMIT = Limit(max_hits=5, window=timedelta(minutes=5))
ADDRESS_LIMIT = Limit(max_hits=20, window=timedelta(minutes=5))


def subject_key(*parts: str) -> str:
    """The ledger holds digests only: no usernames or addresses are stored."""
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _claim(
    session: Session,
    subjects: Sequence[tuple[str, Limit]],
    now: datetime,
    what: str,
) -> list[uuid.UUID]:
    """Counts and records one hit for every subject, or raises when one of them is full."""
    longest = max(limit.window for _, limit in subjects)
    repository.delete_failures_before(session, now - longest)
    for subject, _ in sorted(subjects):
        repository.lock_subject(session, subject)
    for subject, limit in subjects:
        hits, oldest = repository.count_failures_since(session, subject, now - limit.window)
        if hits >= limit.max_hits and oldest is not None:
            wait = oldest + limit.window - now
            raise TooManyAttempts(max(1, int(wait.total_seconds())), what)
    return [repository.add_failure(session, subject, now) for subject, _ in subjects]


@dataclass(frozen=True)
class SignInAttempt:
    """One sign-in recorded against its subjects; `forgive` undoes it when it succeeds."""

    user_subject: str
    address_hit: uuid.UUID


class LoginRateLimiter:
    def __init__(
        self,
        max_failures: int = USER_LIMIT.max_hits,
        window: timedelta = USER_LIMIT.window,
        address_limit: Limit = ADDRESS_LIMIT,
    ) -> None:
        self.user_limit = Limit(max_failures, window)
        self.address_limit = address_limit

    def begin(
        self, session: Session, client_address: str, username: str, now: datetime
    ) -> SignInAttempt:
        address = subject_key("sign-in", client_address)
        user = subject_key(client_address, username.strip().lower())
        ids = _claim(
            session,
            [(address, self.address_limit), (user, self.user_limit)],
            now,
            "failed sign-in attempts",
        )
        return SignInAttempt(user_subject=user, address_hit=ids[0])

    def forgive(self, session: Session, attempt: SignInAttempt) -> None:
        """A successful sign-in clears its username's failures and does not count itself."""
        repository.clear_failures(session, attempt.user_subject)
        repository.delete_failure(session, attempt.address_hit)


@dataclass(frozen=True)
class Throttle:
    """At most `limit.max_hits` calls per `limit.window` for one caller of one costly action."""

    action: str
    limit: Limit
    description: str

    def hit(self, session: Session, caller: str, now: datetime) -> None:
        _claim(session, [(subject_key(self.action, caller), self.limit)], now, self.description)


# Each start reaches plex.tv and stores a row, for anyone who can reach the sign-in page.
PLEX_SIGN_IN_THROTTLE = Throttle(
    "plex-sign-in", Limit(max_hits=10, window=timedelta(minutes=10)), "Plex sign-ins started"
)

# Redeeming an invitation link is open to anyone who can reach the server.
INVITATION_THROTTLE = Throttle(
    "invitation", Limit(max_hits=30, window=timedelta(minutes=10)), "invitation link attempts"
)

# Starting and finishing an OpenID sign-in (each reaches the provider), per client address.
OIDC_SIGN_IN_THROTTLE = Throttle(
    "oidc-sign-in", Limit(max_hits=30, window=timedelta(minutes=10)), "OpenID sign-ins"
)
