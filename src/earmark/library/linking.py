"""Manual links: an admin ties a request's book to a library item the rules could not confirm.

The matching rules never mark a request available on a title+author likeness alone; when Plex's
metadata is too different (a renamed folder, no ASIN, another narrator credit) an admin searches
the library cache and picks the item, and every request still waiting for that book completes.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from earmark.core.errors import NotFound
from earmark.library.availability import mark_available
from earmark.library.models import PlexLibraryItem
from earmark.library.normalise import normalise_title
from earmark.requests.guards import require_allowed
from earmark.requests.models import Audiobook, Request
from earmark.requests.states import MATCHABLE, RequestAction

# Enough rows to rank well in Python without reading a whole large library.
_SEARCH_POOL = 500


def search_library(session: Session, query: str, limit: int) -> list[PlexLibraryItem]:
    """Cached items whose title, author or narrator contain every word of `query`, best first.

    The query is normalised like titles, so a request's own title ("… (Unabridged)") finds its
    book as Plex names it.
    """
    words = normalise_title(query).split()
    if not words:
        return []
    keys = (PlexLibraryItem.title_key, PlexLibraryItem.author_key, PlexLibraryItem.narrator_key)
    # Normalised words hold only [0-9a-z], so they need no LIKE escaping.
    every_word = and_(*(or_(*(key.contains(word) for key in keys)) for word in words))
    pool = session.scalars(select(PlexLibraryItem).where(every_word).limit(_SEARCH_POOL)).all()
    wanted = " ".join(words)

    def likeness(item: PlexLibraryItem) -> float:
        from rapidfuzz import fuzz  # imported on first use (docs/architecture.md)

        return float(fuzz.token_set_ratio(wanted, f"{item.title_key} {item.author_key}"))

    return sorted(pool, key=lambda item: (-likeness(item), item.title_key))[:limit]


def link_request(session: Session, request_id: uuid.UUID, plex_guid: str, *, now: datetime) -> None:
    """Mark the request, and every other request waiting for the same book, available as
    library item `plex_guid`."""
    request = session.get(Request, request_id)
    if request is None:
        raise NotFound("That request does not exist.")
    require_allowed(request.status, RequestAction.LINK_TO_LIBRARY)
    item = session.scalars(
        select(PlexLibraryItem).where(PlexLibraryItem.plex_guid == plex_guid)
    ).first()
    if item is None:
        raise NotFound("That item is not in the library cache; run a library scan and try again.")
    audiobook = session.get_one(Audiobook, request.audiobook_id)
    waiting = session.scalars(
        select(Request).where(
            Request.audiobook_id == audiobook.id, Request.status.in_(sorted(MATCHABLE))
        )
    ).all()
    reason = f"Linked by an admin to '{item.title}' in the library."
    for each in waiting:
        mark_available(session, each, audiobook, item.plex_guid, item.library_id, now, reason)
