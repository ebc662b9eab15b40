"""The download_history table (seed): every release considered for a request, and the one grabbed."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Uuid,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from earmark.db.base import Base, UuidPrimaryKey, utc_now
from earmark.db.types import JsonType, StrEnumColumn, UtcDateTime, allowed_values


class DownloadStatus(StrEnum):
    """The seed's download_history statuses (a release's download, not the request's status)."""

    QUEUED = "queued"
    DOWNLOADING = "downloading"
    COMPLETED = "completed"
    FAILED = "failed"
    STALLED = "stalled"


class DownloadHistory(UuidPrimaryKey, Base):
    __tablename__ = "download_history"
    __table_args__ = (
        allowed_values("download_status", tuple(DownloadStatus), "download_status"),
        Index(None, "request_id"),
        Index(None, "selected"),
    )

    request_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("requests.id", ondelete="CASCADE"), nullable=False
    )
    indexer_name: Mapped[str | None] = mapped_column(String(255))
    torrent_name: Mapped[str | None] = mapped_column(Text)
    torrent_hash: Mapped[str | None] = mapped_column(String(64))
    torrent_size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    magnet_link: Mapped[str | None] = mapped_column(Text)
    torrent_url: Mapped[str | None] = mapped_column(Text)
    seeders: Mapped[int | None] = mapped_column(Integer)
    leechers: Mapped[int | None] = mapped_column(Integer)
    quality_score: Mapped[float | None] = mapped_column(Float)
    selected: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    download_client: Mapped[str | None] = mapped_column(String(64))
    download_client_id: Mapped[str | None] = mapped_column(String(255))
    download_status: Mapped[DownloadStatus] = mapped_column(
        StrEnumColumn(DownloadStatus, 16), nullable=False, default=DownloadStatus.QUEUED
    )
    download_error: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now, nullable=False)
    # Added beyond the seed: the ranking breakdown of this candidate, and its identity.
    score_breakdown: Mapped[dict[str, Any] | None] = mapped_column(JsonType)
    release_guid: Mapped[str | None] = mapped_column(Text)
    protocol: Mapped[str | None] = mapped_column(String(16))
    download_path: Mapped[str | None] = mapped_column(Text)
    accepted: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=false()
    )
    # A release that failed (dead, stalled, wrong book) is never grabbed again for this book.
    blocklisted: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=false()
    )
    progress_fraction: Mapped[float | None] = mapped_column(Float)
    last_progress_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    removed_from_client_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


# The seed's `created_at DESC` index (newest first).
Index("ix_download_history_created_at_desc", DownloadHistory.created_at.desc())
