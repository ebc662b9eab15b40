"""Marking requests available once their book is in the media server's library."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from earmark.requests.lifecycle import transition
from earmark.requests.models import Audiobook, Request
from earmark.requests.states import RequestStatus


def mark_available(
    session: Session,
    request: Request,
    audiobook: Audiobook,
    guid: str,
    library_id: str | None,
    now: datetime,
    reason: str | None = None,
) -> None:
    """The request is done: its book is in the media server's library as item `guid`.

    `transition` also marks the audiobook completed; the library link is recorded here.
    """
    transition(session, request, RequestStatus.AVAILABLE, now=now, reason=reason)
    audiobook.plex_guid = guid
    audiobook.plex_library_id = library_id
    audiobook.completed_at = now
