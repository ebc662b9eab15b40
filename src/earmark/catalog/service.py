"""Catalog use cases: cached charts, live search and details, each annotated for the caller."""

from __future__ import annotations

import logging
import math
import uuid
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from earmark.catalog import repository
from earmark.catalog.covers import ThumbnailStore, normalise_asin
from earmark.catalog.errors import BookNotFound, EmptyQuery
from earmark.catalog.models import AudibleCache
from earmark.catalog.schemas import BookList, BookOut, RequestState, SearchResults
from earmark.core.errors import InvalidInput
from earmark.core.paging import MAX_PAGE
from earmark.db.engine import SessionFactory
from earmark.integrations.catalog_sources import BookMetadata, CatalogSource, Chart
from earmark.integrations.errors import IntegrationError, NotFoundUpstream
from earmark.requests.states import RequestStatus

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

MAX_LIMIT = 100
SEARCH_PAGE_SIZE = 20
MAX_QUERY_LENGTH = 200
EMPTY_CHART_MESSAGE = (
    "No books cached yet; an admin can run the 'Audible Data Refresh' job to fill this list."
)


def _check_paging(page: int, limit: int) -> None:
    if not 1 <= page <= MAX_PAGE:
        raise InvalidInput(f"page must be between 1 and {MAX_PAGE}.")
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}.")


def _book_from_row(row: AudibleCache | Any) -> BookOut:
    """A cached book as the API answers: from an ORM row or a `repository.CHART_ROW` tuple."""
    return BookOut(
        asin=row.asin,
        title=row.title,
        subtitle=row.subtitle,
        author=row.author,
        narrator=row.narrator,
        series=row.series,
        series_position=row.series_position,
        series_asin=row.series_asin,
        description=row.description,
        duration_minutes=row.duration_minutes,
        release_date=row.release_date,
        rating=row.rating,
        genres=[str(g) for g in row.genres or []],
        language=row.language,
        region=row.region,
        cover_url=row.cover_art_url,
        popular_rank=row.popular_rank,
        new_release_rank=row.new_release_rank,
    )


def _book_from_metadata(book: BookMetadata) -> BookOut:
    return BookOut(
        asin=book.asin,
        title=book.title,
        subtitle=book.subtitle,
        author=book.author,
        narrator=book.narrator,
        series=book.series,
        series_position=book.series_position,
        series_asin=book.series_asin,
        description=book.description,
        duration_minutes=book.duration_minutes,
        release_date=book.release_date,
        rating=book.rating,
        genres=list(book.genres),
        language=book.language,
        region=book.region,
        cover_url=book.cover_url,
    )


def state_for(rows: list[repository.RequestRow], viewer_id: uuid.UUID) -> RequestState:
    """Library first, then the caller's own request, then anyone else's (rows newest first)."""
    if any(row.status == RequestStatus.AVAILABLE for row in rows):
        return RequestState(state="available")
    own = next((row for row in rows if row.user_id == viewer_id), None)
    if own is not None:
        return RequestState(
            state="requested_by_you", request_id=own.request_id, request_status=own.status
        )
    if rows:
        return RequestState(state="requested_by_other", request_status=rows[0].status)
    return RequestState()


class CatalogService:
    def __init__(
        self, sessions: SessionFactory, thumbnails: ThumbnailStore, base_path: str
    ) -> None:
        self._sessions = sessions
        self._thumbnails = thumbnails
        self._base_path = base_path

    def chart(self, chart: Chart, viewer_id: uuid.UUID, page: int, limit: int) -> BookList:
        _check_paging(page, limit)
        with self._sessions() as session:
            total = repository.chart_size(session, chart)
            rows = repository.chart_page(session, chart, (page - 1) * limit, limit)
            items = self._annotate([_book_from_row(row) for row in rows], viewer_id, session)
        total_pages = math.ceil(total / limit)
        return BookList(
            items=items,
            page=page,
            limit=limit,
            total=total,
            total_pages=total_pages,
            has_more=page < total_pages,
            last_synced_at=rows[0].last_synced_at if rows else None,
            message=None if total else EMPTY_CHART_MESSAGE,
        )

    def search(
        self,
        source: CatalogSource,
        viewer_id: uuid.UUID,
        query: str,
        page: int,
        region: str | None = None,
    ) -> SearchResults:
        """`region` names the Audible region `source` searches, echoed in the results."""
        query = query.strip()
        if not query:
            raise EmptyQuery("Type something to search for (a title, author or narrator).")
        if len(query) > MAX_QUERY_LENGTH or not 1 <= page <= MAX_PAGE:
            raise InvalidInput(
                f"Queries are limited to {MAX_QUERY_LENGTH} characters; page is 1 to {MAX_PAGE}."
            )
        found = source.search(query, page, SEARCH_PAGE_SIZE)
        items = [_book_from_metadata(book) for book in found.items]
        return SearchResults(
            query=query,
            region=region,
            items=self._annotate(items, viewer_id),
            page=page,
            total_results=found.total_results,
            has_more=found.has_more,
        )

    def details(self, source: CatalogSource, viewer_id: uuid.UUID, raw_asin: str) -> BookOut:
        asin = normalise_asin(raw_asin)
        try:
            book = _book_from_metadata(source.details(asin))
        except NotFoundUpstream as exc:
            raise BookNotFound(f"No audiobook with ASIN {asin} was found on Audible.") from exc
        except IntegrationError as error:
            book = self._cached(asin, error)
        return self._annotate([book], viewer_id)[0]

    def annotate(self, books: Iterable[BookMetadata], viewer_id: uuid.UUID) -> list[BookOut]:
        """Catalog books as the API sends them, with the viewer's request state (series pages)."""
        return self._annotate([_book_from_metadata(book) for book in books], viewer_id)

    def cached_region(self, raw_asin: str) -> str | None:
        """The Audible region the book's cached row came from (None: not cached, or unknown)."""
        with self._sessions() as session:
            row = repository.row_by_asin(session, normalise_asin(raw_asin))
        return row.region if row is not None else None

    def _cached(self, asin: str, error: IntegrationError) -> BookOut:
        """The cached copy when Audible is down; without one the upstream error stands (502)."""
        with self._sessions() as session:
            row = repository.rows_by_asin(session, [asin]).get(asin)
        if row is None:
            raise error
        log.info("Serving cached details for %s: %s", asin, error.message)
        return _book_from_row(row)

    def _annotate(
        self, items: Iterable[BookOut], viewer_id: uuid.UUID, session: Session | None = None
    ) -> list[BookOut]:
        """Each book's request state for the viewer, and its cover URL (in the caller's session
        when it has one: one connection per page)."""
        books = list(items)
        asins = {b.asin for b in books}
        if session is None:
            with self._sessions() as own_session:
                requests = repository.requests_for_asins(own_session, asins)
        else:
            requests = repository.requests_for_asins(session, asins)
        by_asin: defaultdict[str, list[repository.RequestRow]] = defaultdict(list)
        for row in requests:  # newest first, as state_for expects
            by_asin[row.asin].append(row)
        base = self._base_path
        for book in books:
            book.request_state = state_for(by_asin.get(book.asin, []), viewer_id)
            if self._thumbnails.has(book.asin) or not book.cover_url:
                book.cover_url = f"{base}/api/covers/{book.asin}"
        return books
