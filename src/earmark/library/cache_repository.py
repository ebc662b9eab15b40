"""Queries on the plex_library cache and the requests waiting for it (never commits)."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Table, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from earmark.catalog.models import AudibleCache
from earmark.integrations.media_servers import LibraryItem
from earmark.library.matching import LibraryEntry
from earmark.library.models import UNKNOWN_AUTHOR, PlexLibraryItem
from earmark.library.normalise import normalise_person, normalise_title
from earmark.requests.models import Audiobook, Request

# A scan overwrites these when Plex reports them and otherwise keeps what the cache had.
_KEPT_WHEN_MISSING = ("narrator", "year", "duration_ms", "asin", "isbn", "thumb", "file_path")
_ALWAYS_WRITTEN = ("rating_key", "library_id", "title", "title_key", "user_rating")
_CHUNK = 500


def upsert_items(
    session: Session,
    items: Sequence[LibraryItem],
    library_id: str,
    now: datetime,
    cached: Collection[str] | None = None,
) -> tuple[int, int]:
    """Insert or refresh items by GUID in one statement; returns (new, updated) counts.

    `cached` is the GUIDs a full scan already knows are in the cache (saves a query per batch).
    """
    unique = {item.guid: item for item in items}
    if not unique:
        return 0, 0
    if cached is None:
        query = select(PlexLibraryItem.plex_guid).where(PlexLibraryItem.plex_guid.in_(unique))
        cached = set(session.scalars(query))
    updated = sum(1 for guid in unique if guid in cached)
    rows = [_row(item, library_id, now) for item in unique.values()]
    # Core executemany on the connection: the ORM bulk path would send one statement per row.
    session.connection().execute(_upsert_statement(session), rows)
    return len(unique) - updated, updated


def _upsert_statement(session: Session) -> Any:
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    table = PlexLibraryItem.__table__
    assert isinstance(table, Table)
    statement = insert(table)
    columns, new = table.c, statement.excluded
    changes: dict[str, Any] = {name: new[name] for name in _ALWAYS_WRITTEN}
    changes |= {name: func.coalesce(new[name], columns[name]) for name in _KEPT_WHEN_MISSING}
    # An item that lost its author in Plex keeps the one we knew (and its match key).
    changes["author"] = func.coalesce(func.nullif(new.author, UNKNOWN_AUTHOR), columns.author)
    changes["author_key"] = func.coalesce(func.nullif(new.author_key, ""), columns.author_key)
    changes["narrator_key"] = func.coalesce(func.nullif(new.narrator_key, ""), columns.narrator_key)
    changes |= {name: new[name] for name in ("added_at", "last_scanned_at", "updated_at")}
    return statement.on_conflict_do_update(index_elements=["plex_guid"], set_=changes)


def _row(item: LibraryItem, library_id: str, now: datetime) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "plex_guid": item.guid,
        "rating_key": item.rating_key,
        "library_id": library_id,
        "title": item.title,
        "author": item.author or UNKNOWN_AUTHOR,
        "narrator": item.narrator,
        "year": item.year,
        "duration_ms": item.duration_ms,
        "asin": item.asin,
        "isbn": item.isbn,
        "file_path": item.file_paths[0] if item.file_paths else None,
        "thumb": item.thumb,
        "user_rating": item.user_rating,
        "added_at": item.added_at,
        "last_scanned_at": now,
        "created_at": now,
        "updated_at": now,
        "title_key": normalise_title(item.title),
        "author_key": normalise_person(item.author),
        "narrator_key": normalise_person(item.narrator),
    }


def cached_guids(session: Session, library_id: str) -> set[str]:
    query = select(PlexLibraryItem.plex_guid).where(PlexLibraryItem.library_id == library_id)
    return set(session.connection().scalars(query))


def delete_items(session: Session, guids: Sequence[str]) -> None:
    for start in range(0, len(guids), _CHUNK):
        chunk = guids[start : start + _CHUNK]
        session.query(PlexLibraryItem).filter(PlexLibraryItem.plex_guid.in_(chunk)).delete(
            synchronize_session=False
        )


def audiobooks_linked_to(session: Session, guids: Sequence[str]) -> list[Audiobook]:
    found: list[Audiobook] = []
    for start in range(0, len(guids), _CHUNK):
        chunk = guids[start : start + _CHUNK]
        found.extend(session.scalars(select(Audiobook).where(Audiobook.plex_guid.in_(chunk))))
    return found


def requests_of(session: Session, audiobook_ids: Iterable[uuid.UUID], status: str) -> list[Request]:
    query = select(Request).where(
        Request.audiobook_id.in_(list(audiobook_ids)), Request.status == status
    )
    return list(session.scalars(query))


def library_entries(session: Session) -> list[LibraryEntry]:
    columns = select(
        PlexLibraryItem.plex_guid,
        PlexLibraryItem.title_key,
        PlexLibraryItem.author_key,
        PlexLibraryItem.narrator_key,
        PlexLibraryItem.asin,
        PlexLibraryItem.duration_ms,
        PlexLibraryItem.year,
        PlexLibraryItem.file_path,
    )
    # Plain Core rows: ORM row processing doubled the time of loading a 50,000-item library.
    return [LibraryEntry(*row) for row in session.connection().execute(columns)]


def library_ids_of(session: Session, guids: Collection[str]) -> dict[str, str]:
    query = select(PlexLibraryItem.plex_guid, PlexLibraryItem.library_id).where(
        PlexLibraryItem.plex_guid.in_(list(guids))
    )
    return {guid: library_id for guid, library_id in session.execute(query)}


def open_requests(
    session: Session, statuses: Collection[str], request_ids: Collection[uuid.UUID] | None
) -> list[tuple[Request, Audiobook, int | None, str | None]]:
    """Requests waiting for the library, with Audible's duration (minutes) and release date."""
    query = (
        select(Request, Audiobook, AudibleCache.duration_minutes, AudibleCache.release_date)
        .join(Audiobook, Request.audiobook_id == Audiobook.id)
        .outerjoin(AudibleCache, AudibleCache.asin == Audiobook.audible_asin)
        .where(Request.status.in_(list(statuses)))
        .order_by(Request.created_at, Request.id)
    )
    if request_ids is not None:
        query = query.where(Request.id.in_(list(request_ids)))
    return [(row[0], row[1], row[2], row[3]) for row in session.execute(query)]
