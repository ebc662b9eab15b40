"""Queries on the plex_library cache and the requests waiting for it (never commits)."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple

import orjson
from sqlalchemy import Table, bindparam, func, or_, select, true, update
from sqlalchemy.orm import Session

from earmark.catalog.models import AudibleCache
from earmark.db.bulk import sqlite_random_uuid, staged_rows
from earmark.integrations.media_servers import LibraryItem
from earmark.library.matching import CatalogFacts, LibraryEntry
from earmark.library.models import UNKNOWN_AUTHOR, PlexLibraryItem
from earmark.library.normalise import normalise_person, normalise_title
from earmark.requests.models import Audiobook, Request
from earmark.requests.states import RequestStatus

# A scan overwrites these when Plex reports them and otherwise keeps what the cache had.
_KEPT_WHEN_MISSING = ("narrator", "year", "duration_ms", "asin", "isbn", "thumb", "file_path")
_ALWAYS_WRITTEN = ("rating_key", "library_id", "title", "title_key", "user_rating", "fingerprint")
_CHUNK = 500


class UpsertCounts(NamedTuple):
    new: int
    updated: int
    unchanged: int


class CacheRows(NamedTuple):
    """A batch as the cache stores it: the rows that differ from what it holds, and the counts."""

    changed: list[tuple[Any, ...]]
    counts: UpsertCounts


def upsert_items(
    session: Session, items: Sequence[LibraryItem], library_id: str, now: datetime
) -> UpsertCounts:
    """Insert or refresh items by GUID; items exactly as last written are skipped."""
    if not items:
        return UpsertCounts(0, 0, 0)
    query = select(PlexLibraryItem.plex_guid, PlexLibraryItem.fingerprint).where(
        PlexLibraryItem.plex_guid.in_({item.guid for item in items})
    )
    cached = {guid: fingerprint for guid, fingerprint in session.execute(query)}
    batch = changed_rows(items, library_id, cached)
    write_rows(session, batch.changed, now)
    return batch.counts


def changed_rows(
    items: Sequence[LibraryItem], library_id: str, cached: Mapping[str, str | None]
) -> CacheRows:
    """The rows of `items` whose fingerprint differs from `cached` (GUID -> fingerprint)."""
    unique = {item.guid: item for item in items}
    rows = (_row(item, library_id) for item in unique.values())
    changed = [row for row in rows if cached.get(row[0], "") != row[1]]
    updated = sum(1 for row in changed if row[0] in cached)
    return CacheRows(
        changed, UpsertCounts(len(changed) - updated, updated, len(unique) - len(changed))
    )


def write_rows(session: Session, rows: list[tuple[Any, ...]], now: datetime) -> None:
    """Insert or refresh `changed_rows` by GUID: the rows go into a temporary table in a few
    statements (COPY on PostgreSQL, multi-row VALUES on SQLite: db/bulk.py), then one
    INSERT … SELECT … ON CONFLICT moves them.

    New rows get their ids from the database, the scan's time as a parameter: nothing per row
    but the row's own values crosses to the server, and the database works while this thread
    holds no GIL.
    """
    if not rows:
        return
    connection = session.connection()
    table = _table()
    on_postgresql = connection.dialect.name == "postgresql"
    insert: Any = _dialect_insert(on_postgresql)(table)
    new_id = func.gen_random_uuid() if on_postgresql else sqlite_random_uuid()
    stamp = bindparam("scan_time", now, type_=table.c.last_scanned_at.type)
    stamps = ["id", "last_scanned_at", "created_at", "updated_at"]
    with staged_rows(connection, table, _ROW_COLUMNS, rows) as stage:
        values = [stage.c[name] for name in _ROW_COLUMNS]
        # `WHERE true`: SQLite would read the ON of ON CONFLICT as a join's (its docs, "upsert").
        source = select(*values, new_id, stamp, stamp, stamp).where(true())
        connection.execute(_on_conflict(insert.from_select([*_ROW_COLUMNS, *stamps], source)))


def _table() -> Table:
    table = PlexLibraryItem.__table__
    assert isinstance(table, Table)
    return table


def _dialect_insert(on_postgresql: bool) -> Any:
    """The dialect's INSERT (it has ON CONFLICT), imported here: a SQLite process never loads
    SQLAlchemy's PostgreSQL dialect."""
    if on_postgresql:
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert


def _on_conflict(statement: Any) -> Any:
    """An item already cached (same GUID) is refreshed instead of inserted."""
    columns, new = _table().c, statement.excluded
    changes: dict[str, Any] = {name: new[name] for name in _ALWAYS_WRITTEN}
    changes |= {name: func.coalesce(new[name], columns[name]) for name in _KEPT_WHEN_MISSING}
    # An item that lost its author in Plex keeps the one we knew (and its match key).
    changes["author"] = func.coalesce(func.nullif(new.author, UNKNOWN_AUTHOR), columns.author)
    changes["author_key"] = func.coalesce(func.nullif(new.author_key, ""), columns.author_key)
    changes["narrator_key"] = func.coalesce(func.nullif(new.narrator_key, ""), columns.narrator_key)
    changes |= {name: new[name] for name in ("added_at", "last_scanned_at", "updated_at")}
    return statement.on_conflict_do_update(index_elements=["plex_guid"], set_=changes)


# What a scan writes for an item besides its key, ids and timestamps, in fingerprint order.
_CONTENT_COLUMNS = (
    "rating_key",
    "library_id",
    "title",
    "author",
    "narrator",
    "year",
    "duration_ms",
    "asin",
    "isbn",
    "file_path",
    "thumb",
    "user_rating",
    "added_at",
    "title_key",
    "author_key",
    "narrator_key",
)


# A row as `_row` makes it: the item's key and fingerprint, then its content.
_ROW_COLUMNS = ("plex_guid", "fingerprint", *_CONTENT_COLUMNS)


def _row(item: LibraryItem, library_id: str) -> tuple[Any, ...]:
    """The item's `_ROW_COLUMNS`; ids and timestamps are added when it is written.

    Equal content, equal digest: a rescan skips the item. The digest is of the content as
    orjson encodes it (deterministic, and a third of the cost of its repr). Changing what goes
    in, or how, makes the next scan rewrite every row once.
    """
    content = (
        item.item_key,
        library_id,
        item.title,
        item.author or UNKNOWN_AUTHOR,
        item.narrator,
        item.year,
        item.duration_ms,
        item.asin.strip().upper() if item.asin else None,  # one form: the asin index serves
        item.isbn,
        item.file_paths[0] if item.file_paths else None,
        item.thumb,
        item.user_rating,
        item.added_at,
        normalise_title(item.title),
        normalise_person(item.author),
        normalise_person(item.narrator),
    )
    fingerprint = hashlib.blake2b(orjson.dumps(content), digest_size=16).hexdigest()
    return (item.guid, fingerprint, *content)


def cached_fingerprints(session: Session, library_id: str) -> dict[str, str | None]:
    query = select(PlexLibraryItem.plex_guid, PlexLibraryItem.fingerprint).where(
        PlexLibraryItem.library_id == library_id
    )
    return {guid: fingerprint for guid, fingerprint in session.connection().execute(query)}


def mark_scanned(session: Session, library_id: str, started: datetime) -> None:
    """A full scan that began at `started` saw every remaining item of the library.

    Items it wrote already carry a later stamp; only those skipped as unchanged are touched.
    """
    column = PlexLibraryItem.last_scanned_at
    session.execute(
        update(PlexLibraryItem)
        .where(PlexLibraryItem.library_id == library_id)
        .where(or_(column.is_(None), column < started))
        .values(last_scanned_at=started)
    )


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


def requests_of(
    session: Session, audiobook_ids: Iterable[uuid.UUID], status: RequestStatus
) -> list[Request]:
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
        PlexLibraryItem.title,
    )
    # Plain Core rows: ORM row processing doubled the time of loading a 50,000-item library.
    return [LibraryEntry._make(row) for row in session.connection().execute(columns)]


def library_ids_of(session: Session, guids: Collection[str]) -> dict[str, str]:
    query = select(PlexLibraryItem.plex_guid, PlexLibraryItem.library_id).where(
        PlexLibraryItem.plex_guid.in_(list(guids))
    )
    return {guid: library_id for guid, library_id in session.execute(query)}


def open_requests(
    session: Session,
    statuses: Collection[RequestStatus],
    request_ids: Collection[uuid.UUID] | None,
) -> list[tuple[Request, Audiobook, CatalogFacts]]:
    """Requests waiting for the library, with what the Audible catalog cache knows of each."""
    query = (
        select(Request, Audiobook, *_CATALOG_FACTS)
        .join(Audiobook, Request.audiobook_id == Audiobook.id)
        .outerjoin(AudibleCache, AudibleCache.asin == Audiobook.audible_asin)
        .where(Request.status.in_(list(statuses)))
        .order_by(Request.created_at, Request.id)
    )
    if request_ids is not None:
        query = query.where(Request.id.in_(list(request_ids)))
    return [(row[0], row[1], CatalogFacts(*row[2:])) for row in session.execute(query)]


_CATALOG_FACTS = (AudibleCache.duration_minutes, AudibleCache.release_date, AudibleCache.subtitle)


def catalog_facts(session: Session, asin: str | None) -> CatalogFacts | None:
    """The catalog cache's facts about one book, if it has the book."""
    if not asin:
        return None
    row = session.execute(select(*_CATALOG_FACTS).where(AudibleCache.asin == asin)).first()
    return CatalogFacts(*row) if row is not None else None
