"""Keeping the details of a book found by live search, so a request for it has its metadata."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from earmark.catalog.models import AudibleCache
from earmark.catalog.refresh import write_metadata
from earmark.catalog.repository import row_by_asin
from earmark.integrations.catalog_sources import BookMetadata


def remember_book(session: Session, book: BookMetadata, now: datetime) -> AudibleCache:
    """Upsert the book's cache row by ASIN (chart flags untouched); safe under concurrency."""
    row = row_by_asin(session, book.asin)
    if row is None:
        row = AudibleCache(asin=book.asin, title=book.title, author=book.author)
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError:
            row = session.scalars(select(AudibleCache).where(AudibleCache.asin == book.asin)).one()
    write_metadata(row, book, None)
    row.last_synced_at = now
    return row
