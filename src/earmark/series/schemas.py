"""Series, author and follow answers as the API sends them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from earmark.catalog.schemas import BookOut
from earmark.requests.states import RequestStatus
from earmark.series.models import FollowKind

ShelfState = Literal["owned", "available", "requested", "requestable"]


class ShelfBook(BaseModel):
    """One book of a series or an author, and where it stands for the viewer."""

    position: str | None = None
    """The catalog's sequence text ("1", "1.5", "Book 2"); None when it gives none."""
    book: BookOut
    state: ShelfState
    preorder: bool = False
    """Released after today: a request waits (not released yet) until its release date."""


class FollowOut(BaseModel):
    id: uuid.UUID
    kind: FollowKind
    key: str
    label: str
    auto_request: bool
    created_at: datetime


class Shelf(BaseModel):
    """A series (kind "series", key its ASIN) or an author (kind "author", key the name)."""

    kind: FollowKind
    key: str
    title: str
    books: list[ShelfBook]
    requestable: int
    follow: FollowOut | None = None


class FollowIn(BaseModel):
    kind: FollowKind
    key: str
    auto_request: bool = False


class RequestedBook(BaseModel):
    asin: str
    title: str
    request_id: uuid.UUID | None = None
    status: RequestStatus | None = None
    error: str | None = None


class ShelfRequestResult(BaseModel):
    created: int
    results: list[RequestedBook]
    message: str


class NewFromFollowsItem(BaseModel):
    follow: FollowOut
    book: BookOut
    preorder: bool
    first_seen_at: datetime
