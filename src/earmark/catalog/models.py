"""The audible_cache table (seed): cached Audible metadata and the discovery lists."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from earmark.db.base import Base, Timestamps, UuidPrimaryKey
from earmark.db.types import JsonType, UtcDateTime


class AudibleCache(UuidPrimaryKey, Timestamps, Base):
    __tablename__ = "audible_cache"
    __table_args__ = (
        Index(None, "title"),
        Index(None, "author"),
        Index(None, "is_popular"),
        Index(None, "is_new_release"),
        Index(None, "popular_rank"),
        Index(None, "new_release_rank"),
    )

    asin: Mapped[str] = mapped_column(String(16), unique=True, nullable=False)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    subtitle: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str] = mapped_column(Text, nullable=False, default="")
    narrator: Mapped[str | None] = mapped_column(Text)
    series: Mapped[str | None] = mapped_column(Text)
    series_position: Mapped[str | None] = mapped_column(String(32))
    series_asin: Mapped[str | None] = mapped_column(String(16))
    language: Mapped[str | None] = mapped_column(String(32))
    # Audible region code the metadata came from (None: rows cached before regions were kept).
    region: Mapped[str | None] = mapped_column(String(8))
    description: Mapped[str | None] = mapped_column(Text)
    cover_art_url: Mapped[str | None] = mapped_column(Text)
    cached_cover_path: Mapped[str | None] = mapped_column(Text)
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    release_date: Mapped[str | None] = mapped_column(String(32))
    rating: Mapped[float | None] = mapped_column(Float)
    genres: Mapped[list[Any] | None] = mapped_column(JsonType)
    is_popular: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_new_release: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    popular_rank: Mapped[int | None] = mapped_column(Integer)
    new_release_rank: Mapped[int | None] = mapped_column(Integer)
    last_synced_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
