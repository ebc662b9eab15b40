"""The follow tables (beyond the seed): who follows which author or series, and the books each
follow has already seen (so the daily check tells followers only about new ones)."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint, Uuid, false
from sqlalchemy.orm import Mapped, mapped_column

from earmark.db.base import Base, Timestamps, UuidPrimaryKey
from earmark.db.types import StrEnumColumn, UtcDateTime, allowed_values


class FollowKind(StrEnum):
    AUTHOR = "author"
    SERIES = "series"


class Follow(UuidPrimaryKey, Timestamps, Base):
    __tablename__ = "follows"
    __table_args__ = (
        UniqueConstraint("user_id", "kind", "key"),
        Index(None, "kind", "key"),
        allowed_values("kind", tuple(FollowKind), "kind"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    kind: Mapped[FollowKind] = mapped_column(StrEnumColumn(FollowKind, 16), nullable=False)
    # The series ASIN, or the author's name as the catalog credits it.
    key: Mapped[str] = mapped_column(String(200), nullable=False)
    # What pages call it (the series title, the author's name).
    label: Mapped[str] = mapped_column(Text, nullable=False)
    auto_request: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=false()
    )
    # When the daily check last read this follow's books (None: not yet).
    checked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class FollowedBook(UuidPrimaryKey, Base):
    """A book a follow has seen; `is_new` marks the ones found after the follow began."""

    __tablename__ = "followed_books"
    __table_args__ = (UniqueConstraint("follow_id", "asin"),)

    follow_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("follows.id", ondelete="CASCADE"), nullable=False
    )
    asin: Mapped[str] = mapped_column(String(16), nullable=False)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    author: Mapped[str] = mapped_column(Text, nullable=False, default="")
    release_date: Mapped[str | None] = mapped_column(String(32))
    is_new: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    first_seen_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
