"""Inputs and outputs of the request domain."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from earmark.requests.states import RequestStatus


@dataclass(frozen=True)
class NewBook:
    """What request creation needs to know about the book: from the catalog, or, for a book
    requested by title, what the requester typed (`asin` None, see requests/manual.py)."""

    asin: str | None
    title: str
    author: str
    narrator: str | None = None
    description: str | None = None
    cover_art_url: str | None = None
    release_date: str | None = None
    """The catalog's release date ("2027-01-05"); a future one makes the request a pre-order."""
    isbn: str | None = None
    year: int | None = None


@dataclass(frozen=True)
class Requester:
    user_id: uuid.UUID
    is_admin: bool


@dataclass(frozen=True)
class RequestFilter:
    status: RequestStatus | None = None
    user_id: uuid.UUID | None = None
    search: str | None = None
    limit: int = 50
    offset: int = 0
