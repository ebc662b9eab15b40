"""Series and author shelves: the catalog's books with where each stands for the viewer
(in the library, available through Earmark, requested, or requestable), and "request the
missing ones"."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime

from earmark.catalog.covers import normalise_asin
from earmark.catalog.errors import BookNotFound
from earmark.catalog.schemas import BookOut
from earmark.catalog.service import CatalogService
from earmark.core.errors import InvalidInput
from earmark.db.engine import SessionFactory
from earmark.integrations.catalog_sources import BookMetadata
from earmark.integrations.catalog_sources.series import SeriesSource
from earmark.integrations.errors import NotFoundUpstream
from earmark.requests.schemas import NewBook
from earmark.requests.service import release_day
from earmark.series import follows
from earmark.series.models import FollowKind
from earmark.series.requesting import owned_in_library, request_books
from earmark.series.schemas import RequestedBook, Shelf, ShelfBook, ShelfRequestResult, ShelfState
from earmark.settings_store.catalogue import RequestsSettings

MAX_AUTHOR_LENGTH = 200


def clean_key(kind: FollowKind, raw: str) -> str:
    """A series ASIN (upper-cased, checked) or an author's name (trimmed, bounded)."""
    if kind == FollowKind.SERIES:
        return normalise_asin(raw)
    name = " ".join(raw.split())
    if not name or len(name) > MAX_AUTHOR_LENGTH:
        raise InvalidInput(f"An author's name is 1 to {MAX_AUTHOR_LENGTH} characters.")
    return name


def is_preorder(release_date: str | None, today: date) -> bool:
    day = release_day(release_date)
    return day is not None and day > today


def _state(book: BookOut, owned: bool) -> ShelfState:
    if book.request_state.state == "available":
        return "available"
    if owned:
        return "owned"
    if book.request_state.state != "none":
        return "requested"
    return "requestable"


def fetch_books(
    source: SeriesSource, kind: FollowKind, key: str
) -> tuple[str, list[tuple[str | None, BookMetadata]]]:
    """The shelf's title and its (position, book) pairs, in order, from the catalog."""
    try:
        if kind == FollowKind.SERIES:
            listing = source.series(key)
            return listing.title, [(e.sequence, e.book) for e in listing.entries]
        return key, [(None, book) for book in source.author_books(key)]
    except NotFoundUpstream as exc:
        what = "series" if kind == FollowKind.SERIES else "author"
        raise BookNotFound(f"Audible knows no {what} '{key}'.") from exc


class ShelfService:
    def __init__(
        self, sessions: SessionFactory, catalog: CatalogService, source: SeriesSource
    ) -> None:
        self._sessions = sessions
        self._catalog = catalog
        self._source = source

    def shelf(self, kind: FollowKind, raw_key: str, viewer_id: uuid.UUID, now: datetime) -> Shelf:
        key = clean_key(kind, raw_key)
        title, pairs = fetch_books(self._source, kind, key)
        return self._shelf(kind, key, title, pairs, viewer_id, now)

    def _shelf(
        self,
        kind: FollowKind,
        key: str,
        title: str,
        pairs: Sequence[tuple[str | None, BookMetadata]],
        viewer_id: uuid.UUID,
        now: datetime,
    ) -> Shelf:
        annotated = self._catalog.annotate([book for _, book in pairs], viewer_id)
        with self._sessions() as session:
            owned = [
                owned_in_library(session, NewBook(b.asin, b.title, b.author, narrator=b.narrator))
                for _, b in pairs
            ]
            follow = follows.follow_of(session, viewer_id, kind, key)
        books = [
            ShelfBook(
                position=position,
                book=out,
                state=_state(out, is_owned),
                preorder=is_preorder(out.release_date, now.date()),
            )
            for (position, _), out, is_owned in zip(pairs, annotated, owned, strict=True)
        ]
        return Shelf(
            kind=kind,
            key=key,
            title=title,
            books=books,
            requestable=sum(b.state == "requestable" for b in books),
            follow=follow,
        )

    def request_missing(
        self,
        kind: FollowKind,
        raw_key: str,
        viewer_id: uuid.UUID,
        defaults: RequestsSettings,
        now: datetime,
    ) -> ShelfRequestResult:
        """One request per requestable book (not owned, not requested), each through the single
        request path: permissions, quota and approval apply to every one."""
        key = clean_key(kind, raw_key)
        title, pairs = fetch_books(self._source, kind, key)
        shelf = self._shelf(kind, key, title, pairs, viewer_id, now)
        wanted = {b.book.asin for b in shelf.books if b.state == "requestable"}
        books = [book for _, book in pairs if book.asin in wanted]
        outcomes = request_books(self._sessions, viewer_id, books, defaults, now=now)
        created = sum(o.request_id is not None for o in outcomes)
        return ShelfRequestResult(
            created=created,
            results=[RequestedBook(**vars(o)) for o in outcomes],
            message=_summary(created, len(outcomes), title),
        )


def _summary(created: int, tried: int, title: str) -> str:
    if tried == 0:
        return f"Nothing to request: every book of {title} is in the library or requested."
    plural = "request" if created == 1 else "requests"
    refused = tried - created
    tail = f"; {refused} could not be requested" if refused else ""
    return f"{created} {plural} made for {title}{tail}."
