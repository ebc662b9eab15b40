"""The scheduled_jobs table: recurring jobs with an editable cron expression."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from earmark.db.base import Base, Timestamps, UuidPrimaryKey
from earmark.db.types import JsonType, UtcDateTime


class ScheduledJob(UuidPrimaryKey, Timestamps, Base):
    __tablename__ = "scheduled_jobs"

    name: Mapped[str] = mapped_column(String(80), nullable=False, unique=True)
    job_type: Mapped[str] = mapped_column(String(40), nullable=False)
    cron: Mapped[str] = mapped_column(String(120), nullable=False)
    enabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JsonType, nullable=False, default=dict)
    last_run_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The due time this schedule fires next; advanced by compare-and-set so only one process fires.
    next_run_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
