"""Marking requests available once their book is in the media server's library."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from earmark.requests.lifecycle import transition
from earmark.requests.models import Audiobook, Request

# Every request not finished or withdrawn: a manual import completes failed/warn requests too.
MATCHABLE_STATUSES = (
    "pending",
    "searching",
    "downloading",
    "processing",
    "downloaded",
    "failed",
    "awaiting_search",
    "awaiting_import",
    "warn",
)


def mark_available(
    session: Session,
    request: Request,
    audiobook: Audiobook,
    guid: str,
    library_id: str | None,
    now: datetime,
    reason: str | None = None,
) -> None:
    """The request is done: its book is in the media server's library as item `guid`."""
    transition(session, request, "available", now=now, reason=reason)
    audiobook.plex_guid = guid
    audiobook.plex_library_id = library_id
    audiobook.status = "completed"
    audiobook.completed_at = now
