"""Rate limit for local sign-in: a few failures per client address and username per window."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from earmark.users import repository
from earmark.users.errors import TooManyAttempts

MAX_FAILURES = 5
WINDOW = timedelta(minutes=5)


def subject_key(client_address: str, username: str) -> str:
    return hashlib.sha256(f"{client_address}|{username.strip().lower()}".encode()).hexdigest()


class LoginRateLimiter:
    """Counts failures in the database so every web process shares the same limit."""

    def __init__(self, max_failures: int = MAX_FAILURES, window: timedelta = WINDOW) -> None:
        self.max_failures = max_failures
        self.window = window

    def ensure_allowed(self, session: Session, subject: str, now: datetime) -> None:
        failures, oldest = repository.count_failures_since(session, subject, now - self.window)
        if failures >= self.max_failures and oldest is not None:
            wait = oldest + self.window - now
            raise TooManyAttempts(max(1, int(wait.total_seconds())))

    def record_failure(self, session: Session, subject: str, now: datetime) -> None:
        repository.delete_failures_before(session, now - self.window)
        repository.add_failure(session, subject, now)

    def reset(self, session: Session, subject: str) -> None:
        repository.clear_failures(session, subject)
