"""A change worth telling the pages about, and how it is found in a session and sent as text."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from earmark.queue.models import Job
from earmark.requests.models import Request

# A PostgreSQL NOTIFY payload must stay under 8000 bytes; past this many changes one
# "everything changed" signal replaces the list (pages then reload all they show).
MAX_CHANGES_PER_MESSAGE = 60


@dataclass(frozen=True)
class Change:
    """A request that changed (with its owner, for filtering), or any job (`request_id` None)."""

    request_id: str | None
    user_id: str | None

    @property
    def is_job(self) -> bool:
        return self.request_id is None

    @property
    def is_everything(self) -> bool:
        return self.request_id == EVERYTHING_ID

    def visible_to(self, user_id: str, is_admin: bool) -> bool:
        """Admins see every change; a user sees changes to their own requests (and "everything")."""
        if is_admin or self.is_everything:
            return True
        return not self.is_job and self.user_id == user_id


EVERYTHING_ID = "*"
EVERYTHING = Change(request_id=EVERYTHING_ID, user_id=None)
"""Too many changes to list, or some may have been missed: every viewer reloads what it shows."""


def changes_in(session: Session) -> set[Change]:
    """The changes a flush is about to write: new, changed or deleted requests and jobs."""
    found: set[Change] = set()
    for instance in _touched(session):
        if isinstance(instance, Request):
            found.add(Change(request_id=_text(instance.id), user_id=_text(instance.user_id)))
        elif isinstance(instance, Job):
            found.add(Change(request_id=None, user_id=None))
    return found


def _touched(session: Session) -> Iterable[object]:
    yield from session.new
    yield from (obj for obj in session.dirty if session.is_modified(obj))
    yield from session.deleted


def _text(value: uuid.UUID | str | None) -> str | None:
    return None if value is None else str(value)


def encode(changes: Iterable[Change]) -> str:
    """Compact JSON for a NOTIFY payload: [[request_id, user_id], ...] (nulls for a job)."""
    items = sorted(changes, key=lambda c: (c.request_id or "", c.user_id or ""))
    if len(items) > MAX_CHANGES_PER_MESSAGE:
        items = [EVERYTHING]
    return json.dumps([[c.request_id, c.user_id] for c in items], separators=(",", ":"))


def decode(payload: str) -> list[Change]:
    """The changes in a payload; anything unreadable counts as "everything changed"."""
    try:
        rows = json.loads(payload)
        return [Change(request_id=row[0], user_id=row[1]) for row in rows]
    except (ValueError, TypeError, IndexError, KeyError):
        return [EVERYTHING]
