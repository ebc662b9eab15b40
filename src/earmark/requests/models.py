"""The audiobooks and requests tables (seed)."""

from __future__ import annotations

import time
import uuid
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from earmark.db.base import Base, Timestamps, UuidPrimaryKey, utc_now
from earmark.db.types import StrEnumColumn, UtcDateTime, allowed_values
from earmark.requests.problem_states import ProblemReason, ProblemStatus
from earmark.requests.states import AudiobookStatus, RequestStatus


class Audiobook(UuidPrimaryKey, Timestamps, Base):
    __tablename__ = "audiobooks"
    __table_args__ = (
        allowed_values("status", tuple(AudiobookStatus), "status"),
        # Unique (the seed only indexes it) so concurrent requests for one book share one row.
        Index(None, "audible_asin", unique=True),
        Index(None, "plex_guid"),
        Index(None, "title"),
        Index(None, "author"),
        Index(None, "status"),
    )

    audible_asin: Mapped[str | None] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(Text, nullable=False)
    author: Mapped[str] = mapped_column(Text, nullable=False, default="")
    narrator: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    cover_art_url: Mapped[str | None] = mapped_column(Text)
    # The catalog's release date (beyond the seed): a future one makes a request a pre-order.
    release_date: Mapped[str | None] = mapped_column(String(32))
    file_path: Mapped[str | None] = mapped_column(Text)
    file_format: Mapped[str | None] = mapped_column(String(16))
    file_size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    plex_guid: Mapped[str | None] = mapped_column(Text)
    plex_library_id: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[AudiobookStatus] = mapped_column(
        StrEnumColumn(AudiobookStatus, 16), nullable=False, default=AudiobookStatus.REQUESTED
    )
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # A book requested by title (not in the Audible catalog) has no ASIN; what the requester
    # knew of it besides title and author is kept here (docs/requests.md).
    isbn: Mapped[str | None] = mapped_column(String(13))
    publication_year: Mapped[int | None] = mapped_column(Integer)


# Import attempts a request gets before it needs a person (seed: max_import_retries default 5).
DEFAULT_MAX_IMPORT_RETRIES = 5


class Request(UuidPrimaryKey, Timestamps, Base):
    __tablename__ = "requests"
    __table_args__ = (
        UniqueConstraint("user_id", "audiobook_id"),
        allowed_values("status", tuple(RequestStatus), "status"),
        CheckConstraint("progress >= 0 AND progress <= 100", name="progress_range"),
        Index(None, "user_id"),
        Index(None, "audiobook_id"),
        Index(None, "status"),
        # "My requests", newest first, without sorting all of a user's rows.
        Index("ix_requests_user_id_created_at", "user_id", "created_at"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    audiobook_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("audiobooks.id", ondelete="CASCADE"), nullable=False
    )
    status: Mapped[RequestStatus] = mapped_column(
        StrEnumColumn(RequestStatus, 20), nullable=False, default=RequestStatus.PENDING
    )
    progress: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    priority: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    error_message: Mapped[str | None] = mapped_column(Text)
    search_attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    download_attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    import_attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    max_import_retries: Mapped[int] = mapped_column(
        Integer,
        nullable=False,
        default=DEFAULT_MAX_IMPORT_RETRIES,
        server_default=str(DEFAULT_MAX_IMPORT_RETRIES),
    )
    last_search_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_import_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


# The seed's `created_at DESC` index (newest first, as the admin lists read).
Index("ix_requests_created_at_desc", Request.created_at.desc())


class RequestStatusChange(UuidPrimaryKey, Base):
    """History of a request's statuses, with the reason shown to people (beyond the seed)."""

    __tablename__ = "request_status_changes"
    __table_args__ = (Index(None, "request_id", "created_at"),)

    request_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("requests.id", ondelete="CASCADE"), nullable=False
    )
    from_status: Mapped[RequestStatus | None] = mapped_column(StrEnumColumn(RequestStatus, 20))
    to_status: Mapped[RequestStatus] = mapped_column(
        StrEnumColumn(RequestStatus, 20), nullable=False
    )
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now, nullable=False)
    # Several changes made in one job share a timestamp; the sequence (nanoseconds when the row
    # was written) keeps their order without a query per change.
    sequence: Mapped[int] = mapped_column(
        BigInteger, nullable=False, default=time.time_ns, server_default="0"
    )


class ProblemReport(UuidPrimaryKey, Base):
    """A requester's report that the copy in the library is wrong (docs/problems.md).

    `replace_started_at` is set while an admin's replacement runs through the pipeline, and
    `replacing_path` is then the old copy's folder (the importer removes it only after the new copy
    is imported; None when no imported folder is known); `replace_note` says why the last
    replacement attempt ended without a new copy.
    """

    __tablename__ = "problem_reports"
    __table_args__ = (
        allowed_values("reason", tuple(ProblemReason), "reason"),
        allowed_values("status", tuple(ProblemStatus), "status"),
        Index(None, "request_id"),
        Index(None, "status"),
    )

    request_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("requests.id", ondelete="CASCADE"), nullable=False
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    reason: Mapped[ProblemReason] = mapped_column(StrEnumColumn(ProblemReason, 20), nullable=False)
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[ProblemStatus] = mapped_column(
        StrEnumColumn(ProblemStatus, 16), nullable=False, default=ProblemStatus.OPEN
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now, nullable=False)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    resolved_by: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="SET NULL")
    )
    admin_note: Mapped[str | None] = mapped_column(Text)
    replace_started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    replacing_path: Mapped[str | None] = mapped_column(Text)
    replace_note: Mapped[str | None] = mapped_column(Text)
