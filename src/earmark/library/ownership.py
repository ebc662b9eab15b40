"""Is a book already in the media library? Used before downloading it for a new request.

The same rules as matching a finished request (`matching.LibraryIndex.find`), fed the same
facts: the book, plus what the Audible catalog cache knows of it (length, release year,
subtitle).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from earmark.library.cache_repository import catalog_facts
from earmark.library.matching import (
    Evidence,
    LibraryEntry,
    LibraryIndex,
    WantedBook,
    block_tokens,
    wanted_book,
)
from earmark.library.models import PlexLibraryItem
from earmark.library.normalise import normalise_person


@dataclass(frozen=True)
class OwnedBook:
    item_guid: str
    library_id: str
    title: str
    author: str
    evidence: Evidence


def find_owned(
    session: Session, asin: str | None, title: str, author: str, *, narrator: str | None = None
) -> OwnedBook | None:
    """The cached library item that is this book: by ASIN, or by title and author."""
    wanted = wanted_book(title, author, narrator, asin, catalog_facts(session, asin))
    rows = _candidates(session, wanted)
    match = LibraryIndex(_entry(row) for row in rows).find(wanted)
    if match is None:
        return None
    row = next(row for row in rows if row.plex_guid == match.guid)
    return OwnedBook(row.plex_guid, row.library_id, row.title, row.author, match.evidence)


def _candidates(session: Session, wanted: WantedBook) -> list[PlexLibraryItem]:
    conditions = []
    asin = (wanted.asin or "").strip().upper()
    if asin:
        # Scans store ASINs upper-cased, so the plain comparison can use the asin index.
        conditions.append(PlexLibraryItem.asin == asin)
    tokens = block_tokens(normalise_person(wanted.author)) | block_tokens(
        normalise_person(wanted.narrator)
    )
    # Block on name parts in SQL so only this author's books are compared in Python.
    conditions += [PlexLibraryItem.author_key.contains(token) for token in sorted(tokens)]
    if not conditions:
        return []
    return list(session.scalars(select(PlexLibraryItem).where(or_(*conditions))))


def _entry(row: PlexLibraryItem) -> LibraryEntry:
    return LibraryEntry(
        guid=row.plex_guid,
        title_key=row.title_key,
        author_key=row.author_key,
        narrator_key=row.narrator_key,
        asin=row.asin,
        duration_ms=row.duration_ms,
        year=row.year,
        title=row.title,
    )
