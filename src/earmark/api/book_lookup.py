"""Finds what request creation needs about a book: the catalog cache first, then Audible."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from earmark.catalog.models import AudibleCache
from earmark.core.errors import NotFound
from earmark.library.ownership import find_owned
from earmark.requests.schemas import NewBook
from earmark.requests.service import OwnershipCheck
from earmark.wiring import Services


def lookup_new_book(services: Services, asin: str) -> NewBook:
    with services.sessions() as session:
        cached = session.scalar(select(AudibleCache).where(AudibleCache.asin == asin))
    if cached is not None:
        return NewBook(
            asin=asin,
            title=cached.title,
            author=cached.author,
            narrator=cached.narrator,
            description=cached.description,
            cover_art_url=cached.cover_art_url,
        )
    raise NotFound(f"No Audible book with ASIN {asin} is known.")


def owned_check(services: Services) -> OwnershipCheck:
    """The library cache decides: the same ASIN, or a title+author match confirmed by a second signal."""

    def owned(session: Session, book: NewBook) -> bool:
        return (
            find_owned(session, book.asin, book.title, book.author, narrator=book.narrator)
            is not None
        )

    return owned
