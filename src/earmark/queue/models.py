"""The jobs and job_events tables (seed): the jobs table is the queue itself."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from earmark.db.base import Base, Timestamps, UuidPrimaryKey, utc_now
from earmark.db.types import JsonType, UtcDateTime, allowed_values

JOB_STATUSES = ("pending", "active", "completed", "failed", "delayed", "stuck")
FINISHED_STATUSES = ("completed", "failed")
EVENT_LEVELS = ("info", "warn", "error")
# The seed's twelve job types plus download_torrent and ours (below). The queue itself treats types as opaque
# names; the list lives here only so the database can enforce the seed's allowed values.
JOB_TYPES = (
    "search_indexers",
    "download_torrent",
    "monitor_download",
    "organize_files",
    "scan_plex",
    "match_plex",  # allowed by the seed, but no handler: see docs/jobs.md
    "plex_library_scan",
    "plex_recently_added_check",
    "audible_refresh",
    "retry_missing_torrents",
    "retry_failed_imports",
    "cleanup_seeded_torrents",
    "monitor_rss_feeds",
    "ebook_companion",
    # Beyond the seed: pre-orders start on their release date; followed authors and series.
    "release_preorder",
    "check_follows",
)


# Attempts a job gets unless its caller says otherwise (each failure is retried with backoff).
DEFAULT_MAX_ATTEMPTS = 3


class Job(UuidPrimaryKey, Timestamps, Base):
    __tablename__ = "jobs"
    __table_args__ = (
        allowed_values("status", JOB_STATUSES, "status"),
        allowed_values("type", JOB_TYPES, "type"),
        Index(None, "request_id"),
        Index(None, "type"),
        Index(None, "status"),
        Index("ix_jobs_claim", "status", "run_after", "priority"),
        Index(None, "dedupe_key", unique=True),
    )

    request_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("requests.id", ondelete="SET NULL")
    )
    type: Mapped[str] = mapped_column(String(40), nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="pending")
    priority: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    max_attempts: Mapped[int] = mapped_column(
        Integer,
        nullable=False,
        default=DEFAULT_MAX_ATTEMPTS,
        server_default=str(DEFAULT_MAX_ATTEMPTS),
    )
    payload: Mapped[dict[str, Any]] = mapped_column(JsonType, nullable=False, default=dict)
    result: Mapped[dict[str, Any] | None] = mapped_column(JsonType)
    error_message: Mapped[str | None] = mapped_column(Text)
    stack_trace: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Queue mechanics (not in the seed; the seed's bull_job_id names a queue we do not use).
    run_after: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utc_now)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    locked_by: Mapped[str | None] = mapped_column(String(128))
    # Unique while the job is unfinished; cleared when it completes or fails.
    dedupe_key: Mapped[str | None] = mapped_column(String(255))
    # The key a failed job gave up, so an admin retry can hold it again (no duplicate runs).
    released_dedupe_key: Mapped[str | None] = mapped_column(String(255))

    def release_dedupe_key(self) -> None:
        """Free the key for a new copy of the job, remembering it for an admin retry."""
        self.released_dedupe_key, self.dedupe_key = self.dedupe_key, None

    events: Mapped[list[JobEvent]] = relationship(
        back_populates="job", cascade="all, delete-orphan", passive_deletes=True
    )


# The seed's `created_at DESC` index (newest first, as the admin job list reads).
Index("ix_jobs_created_at_desc", Job.created_at.desc())


class JobEvent(UuidPrimaryKey, Base):
    __tablename__ = "job_events"
    __table_args__ = (
        allowed_values("level", EVENT_LEVELS, "level"),
        Index(None, "job_id"),
        Index(None, "created_at"),
    )

    job_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("jobs.id", ondelete="CASCADE"), nullable=False
    )
    level: Mapped[str] = mapped_column(String(8), nullable=False, default="info")
    context: Mapped[str] = mapped_column(String(128), nullable=False)
    message: Mapped[str] = mapped_column(Text, nullable=False)
    event_metadata: Mapped[dict[str, Any] | None] = mapped_column("metadata", JsonType)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now, nullable=False)

    job: Mapped[Job] = relationship(back_populates="events")
