"""Catalog answers as the API sends them, each item annotated for the signed-in caller."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from earmark.requests.states import RequestStatus

RequestStateName = Literal["available", "requested_by_you", "requested_by_other", "none"]


class RequestState(BaseModel):
    state: RequestStateName = "none"
    request_id: uuid.UUID | None = None
    request_status: RequestStatus | None = None


class BookOut(BaseModel):
    asin: str
    title: str
    subtitle: str | None = None
    author: str
    narrator: str | None = None
    series: str | None = None
    series_position: str | None = None
    series_asin: str | None = None
    description: str | None = None
    duration_minutes: int | None = None
    release_date: str | None = None
    rating: float | None = None
    genres: list[str] = []
    language: str | None = None
    # Audible region the record came from; a request or a details lookup asks that region.
    region: str | None = None
    cover_url: str | None = None
    popular_rank: int | None = None
    new_release_rank: int | None = None
    # A factory, not a shared default instance: pydantic deep-copied that for every book built.
    request_state: RequestState = Field(default_factory=RequestState)


class BookList(BaseModel):
    items: list[BookOut]
    page: int
    limit: int
    total: int
    total_pages: int
    has_more: bool
    last_synced_at: datetime | None = None
    message: str | None = None


class SearchResults(BaseModel):
    query: str
    region: str | None = None
    items: list[BookOut]
    page: int
    total_results: int
    has_more: bool
