"""Pydantic shapes of jobs, job events and schedules as the admin API shows them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class JobEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    job_id: uuid.UUID
    level: str
    context: str
    message: str
    metadata: dict[str, Any] | None = Field(validation_alias="event_metadata")
    created_at: datetime


class JobOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    type: str
    status: str
    request_id: uuid.UUID | None
    priority: int
    attempts: int
    max_attempts: int
    payload: dict[str, Any]
    result: dict[str, Any] | None
    error_message: str | None
    run_after: datetime
    started_at: datetime | None
    completed_at: datetime | None
    locked_by: str | None
    locked_until: datetime | None
    created_at: datetime
    updated_at: datetime


class JobDetailOut(JobOut):
    stack_trace: str | None
    events: list[JobEventOut]


class JobPageOut(BaseModel):
    items: list[JobOut]
    total: int
    limit: int
    offset: int


class JobEventPageOut(BaseModel):
    items: list[JobEventOut]
    total: int
    limit: int
    offset: int


class ScheduleOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    name: str
    job_type: str
    cron: str
    enabled: bool
    payload: dict[str, Any]
    last_run_at: datetime | None
    next_run_at: datetime | None


class ScheduleUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cron: str | None = None
    enabled: bool | None = None
