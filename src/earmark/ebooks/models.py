"""The ebook_companions table: one optional ebook per request, apart from the audiobook's rows."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import BigInteger, Float, ForeignKey, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from earmark.db.base import Base, Timestamps, UuidPrimaryKey
from earmark.db.types import JsonType, StrEnumColumn, allowed_values
from earmark.ebooks.states import EbookStatus


class EbookCompanion(UuidPrimaryKey, Timestamps, Base):
    """The ebook asked for beside request `request_id`: its status, chosen release and file."""

    __tablename__ = "ebook_companions"
    __table_args__ = (allowed_values("status", tuple(EbookStatus), "ebook_companion_status"),)

    request_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("requests.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    status: Mapped[EbookStatus] = mapped_column(
        StrEnumColumn(EbookStatus, 32), nullable=False, default=EbookStatus.SEARCHING
    )
    progress: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    # The chosen release (as ranked) and where it went.
    release_title: Mapped[str | None] = mapped_column(Text)
    release_guid: Mapped[str | None] = mapped_column(Text)
    indexer_name: Mapped[str | None] = mapped_column(String(255))
    protocol: Mapped[str | None] = mapped_column(String(16))
    download_url: Mapped[str | None] = mapped_column(Text)
    magnet_url: Mapped[str | None] = mapped_column(Text)
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    seeders: Mapped[int | None] = mapped_column(Integer)
    score: Mapped[float | None] = mapped_column(Float)
    score_breakdown: Mapped[dict[str, Any] | None] = mapped_column(JsonType)
    download_client: Mapped[str | None] = mapped_column(String(64))
    download_client_id: Mapped[str | None] = mapped_column(String(255))
    download_path: Mapped[str | None] = mapped_column(Text)
    # The placed, content-verified file and its format.
    file_path: Mapped[str | None] = mapped_column(Text)
    file_format: Mapped[str | None] = mapped_column(String(8))
    error_message: Mapped[str | None] = mapped_column(Text)
