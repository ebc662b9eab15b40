"""The one way a user's request is created: their permissions (auto-approve), their quota, the
library check, then `requests.service.create_request`.

The JSON API's single request, "request the series" and a follow's automatic request all go
through `request_as_user`, so each book of a series is its own request with the same rules.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from earmark.catalog.models import AudibleCache
from earmark.catalog.remember import remember_book
from earmark.core.errors import EarmarkError
from earmark.db.engine import SessionFactory, transaction
from earmark.integrations.catalog_sources import BookMetadata
from earmark.library.ownership import find_owned
from earmark.requests import service
from earmark.requests.models import Request
from earmark.requests.quota import QuotaExceeded, require_quota
from earmark.requests.schemas import NewBook
from earmark.requests.states import RequestStatus
from earmark.settings_store.catalogue import RequestsSettings
from earmark.users.permissions import effective_for


def owned_in_library(session: Session, book: NewBook) -> bool:
    """The library cache decides, by the library matching rules (same ASIN, or title and author)."""
    return (
        find_owned(session, book.asin, book.title, book.author, narrator=book.narrator) is not None
    )


def new_book(row: AudibleCache) -> NewBook:
    return NewBook(
        asin=row.asin,
        title=row.title,
        author=row.author,
        narrator=row.narrator,
        description=row.description,
        cover_art_url=row.cover_art_url,
        release_date=row.release_date,
    )


def request_as_user(
    session: Session,
    user_id: uuid.UUID,
    book: NewBook,
    defaults: RequestsSettings,
    *,
    now: datetime,
) -> Request:
    """Create `user_id`'s request for `book` in the caller's transaction (raises EarmarkErrors:
    quota used up, already in the library, already requested)."""
    permissions = effective_for(session, user_id, defaults, lock=True)
    require_quota(session, user_id, permissions.quota, permissions.quota_period, now)
    return service.create_request(
        session,
        user_id,
        book,
        now=now,
        owned=owned_in_library,
        needs_approval=not permissions.auto_approve,
    )


@dataclass(frozen=True)
class Outcome:
    """What became of one book of a batch: its new request, or why there is none."""

    asin: str
    title: str
    request_id: uuid.UUID | None = None
    status: RequestStatus | None = None
    error: str | None = None


def request_books(
    sessions: SessionFactory,
    user_id: uuid.UUID,
    books: Sequence[BookMetadata],
    defaults: RequestsSettings,
    *,
    now: datetime,
) -> list[Outcome]:
    """One request per book, each in its own transaction (a refused book does not undo the
    others). When the quota runs out the remaining books are not tried."""
    outcomes: list[Outcome] = []
    stop: str | None = None
    for book in books:
        if stop is not None:
            outcomes.append(Outcome(book.asin, book.title, error=stop))
            continue
        try:
            with transaction(sessions) as session:
                row = remember_book(session, book, now)
                request = request_as_user(session, user_id, new_book(row), defaults, now=now)
                outcomes.append(Outcome(book.asin, book.title, request.id, request.status))
        except QuotaExceeded as exc:
            stop = exc.message
            outcomes.append(Outcome(book.asin, book.title, error=stop))
        except EarmarkError as exc:
            outcomes.append(Outcome(book.asin, book.title, error=exc.message))
    return outcomes
