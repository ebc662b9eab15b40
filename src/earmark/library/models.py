"""The plex_library table: a cache of the media server's books, refreshed by scans."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from earmark.db.base import Base, Timestamps, UuidPrimaryKey
from earmark.db.types import UtcDateTime

UNKNOWN_AUTHOR = "Unknown Author"


class PlexLibraryItem(UuidPrimaryKey, Timestamps, Base):
    __tablename__ = "plex_library"
    # No index on added_at: only BookDate's newest-first sample reads it (rarely, and sorting
    # the cache costs less there than updating one more B-tree for every item of every scan).
    __table_args__ = (
        Index(None, "library_id"),
        Index(None, "asin"),
    )

    plex_guid: Mapped[str] = mapped_column(String(512), unique=True, nullable=False)
    rating_key: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    library_id: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    title: Mapped[str] = mapped_column(Text, nullable=False)
    author: Mapped[str] = mapped_column(Text, nullable=False, default=UNKNOWN_AUTHOR)
    narrator: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer)
    # Long collections pass 2**31 ms (~596 hours); a 32-bit column overflowed at the seed.
    duration_ms: Mapped[int | None] = mapped_column(BigInteger)
    asin: Mapped[str | None] = mapped_column(String(16))
    isbn: Mapped[str | None] = mapped_column(String(20))
    # One media file of the book as the server sees it; its folder is what path matching uses.
    file_path: Mapped[str | None] = mapped_column(Text)
    thumb: Mapped[str | None] = mapped_column(Text)
    user_rating: Mapped[float | None] = mapped_column(Float)
    added_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_scanned_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Normalised once at scan time so matching thousands of requests needs no re-normalising.
    title_key: Mapped[str] = mapped_column(Text, nullable=False, default="")
    author_key: Mapped[str] = mapped_column(Text, nullable=False, default="")
    narrator_key: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # Digest of what the last scan wrote; a rescan skips items whose digest did not change.
    fingerprint: Mapped[str | None] = mapped_column(String(32))
