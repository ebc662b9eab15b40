"""The audible_refresh use case: fetch the charts, cache covers, then apply in one transaction."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from earmark.catalog import repository
from earmark.catalog.covers import MAX_COVER_BYTES, ThumbnailStore
from earmark.catalog.models import AudibleCache
from earmark.core.events import EventLog
from earmark.db.engine import SessionFactory, transaction
from earmark.integrations.catalog_sources import BookMetadata, CatalogSource, Chart
from earmark.integrations.errors import IntegrationError

CHARTS: tuple[Chart, ...] = ("popular", "new_releases")
CHART_LABELS: dict[Chart, str] = {"popular": "popular", "new_releases": "new releases"}


@dataclass(frozen=True)
class RefreshOptions:
    list_size: int = 200
    page_size: int = 50
    # Extra pages allowed to make up for the entries a chart page lists but the source drops.
    spare_pages: int = 2
    # Pause between upstream pages so a nightly refresh stays polite; tests pass a no-op sleep.
    page_delay_seconds: float = 1.5
    pause: Callable[[float], None] = field(default=time.sleep, compare=False)
    max_cover_bytes: int = MAX_COVER_BYTES


@dataclass
class ChartFetch:
    books: list[BookMetadata] | None
    error: IntegrationError | None = None


def fetch_chart(
    source: CatalogSource, chart: Chart, options: RefreshOptions, log: EventLog
) -> ChartFetch:
    """The whole ranked list, or books=None when it failed or came back empty (keep the old one).

    Pages are read until the list is full or a page lists nothing new; the source drops entries
    it does not keep (pre-orders, podcasts), so a few spare pages make up for them.
    """
    books: dict[str, BookMetadata] = {}
    listed: set[str] = set()
    pages = math.ceil(options.list_size / options.page_size) + options.spare_pages
    for page in range(1, pages + 1):
        if page > 1:
            options.pause(options.page_delay_seconds)
        try:
            result = source.chart(chart, page, options.page_size)
        except IntegrationError as error:
            log.warn(
                f"Fetching the {CHART_LABELS[chart]} list failed on page {page}; "
                f"keeping the previous list. {error.message}",
                chart=chart,
                page=page,
            )
            return ChartFetch(None, error)
        for book in result.books:
            books.setdefault(book.asin, book)
        fresh = set(result.listed) - listed
        listed.update(result.listed)
        if not fresh or len(books) >= options.list_size:
            break
    if not books:
        log.warn(f"Audible returned an empty {CHART_LABELS[chart]} list; keeping the previous one.")
        return ChartFetch(None)
    return ChartFetch(list(books.values())[: options.list_size])


def cache_covers(
    source: CatalogSource,
    store: ThumbnailStore,
    books: list[BookMetadata],
    options: RefreshOptions,
    log: EventLog,
) -> tuple[int, int]:
    """Download missing covers (existing files are reused); returns (downloaded, failed)."""
    downloaded = failed = 0
    for book in books:
        if not book.cover_url or store.has(book.asin):
            continue
        try:
            image = source.fetch_cover(book.cover_url, options.max_cover_bytes)
            store.save(book.asin, image.data)
            downloaded += 1
        except (IntegrationError, OSError) as error:
            failed += 1
            log.warn(f"Cover for {book.asin} was not cached: {error}", asin=book.asin)
    return downloaded, failed


def _assign(row: AudibleCache, name: str, value: object) -> bool:
    if getattr(row, name) == value:
        return False
    setattr(row, name, value)
    return True


def write_metadata(row: AudibleCache, book: BookMetadata, cover_path: str | None) -> bool:
    """Copy what Audible sent; fields it left out keep their stored value."""
    values: dict[str, object] = {
        "title": book.title,
        "subtitle": book.subtitle,
        "author": book.author or None,
        "narrator": book.narrator,
        "series": book.series,
        "series_position": book.series_position,
        "series_asin": book.series_asin,
        "description": book.description,
        "cover_art_url": book.cover_url,
        "cached_cover_path": cover_path,
        "duration_minutes": book.duration_minutes,
        "release_date": book.release_date,
        "rating": book.rating,
        "genres": list(book.genres) or None,
        "language": book.language,
        "region": book.region,
    }
    changes = [_assign(row, name, value) for name, value in values.items() if value is not None]
    return any(changes)


def _write_rank(row: AudibleCache, chart: Chart, rank: int | None) -> bool:
    flag, rank_name = (
        ("is_popular", "popular_rank")
        if chart == "popular"
        else ("is_new_release", "new_release_rank")
    )
    return any([_assign(row, flag, rank is not None), _assign(row, rank_name, rank)])


def apply_refresh(
    session: Session,
    fetched: dict[Chart, list[BookMetadata] | None],
    cover_paths: dict[str, str],
    synced_at: datetime,
) -> int:
    """Upsert every fetched book and re-rank each fetched list; returns how many rows changed."""
    books = {b.asin: b for chart in CHARTS for b in fetched[chart] or []}
    rows = repository.rows_by_asin(session, books)
    for chart in CHARTS:
        if fetched[chart] is not None:
            rows.update({row.asin: row for row in repository.flagged_rows(session, chart)})
    changed: set[str] = set()
    for asin, book in books.items():
        row = rows.get(asin)
        if row is None:
            row = rows[asin] = AudibleCache(asin=asin, title=book.title, author="")
            session.add(row)
            changed.add(asin)
        if write_metadata(row, book, cover_paths.get(asin)):
            changed.add(asin)
        _assign(row, "last_synced_at", synced_at)
    for chart in CHARTS:
        chart_books = fetched[chart]
        if chart_books is None:
            continue
        ranks = {book.asin: position for position, book in enumerate(chart_books, start=1)}
        changed.update(
            asin for asin, row in rows.items() if _write_rank(row, chart, ranks.get(asin))
        )
    return len(changed)


def refresh_catalog(
    sessions: SessionFactory,
    store: ThumbnailStore,
    log: EventLog,
    source: CatalogSource,
    options: RefreshOptions | None = None,
    *,
    now: datetime,
) -> dict[str, Any]:
    """Refresh the popular and new-release lists; a list that fails keeps its previous contents."""
    options = options or RefreshOptions()
    synced_at = now
    results: dict[Chart, ChartFetch] = {}
    for chart in CHARTS:
        if results:
            options.pause(options.page_delay_seconds)
        results[chart] = fetch_chart(source, chart, options, log)
    if all(result.books is None for result in results.values()):
        error = next((r.error for r in results.values() if r.error), None)
        log.error("Both Audible lists failed; nothing was changed.")
        if error is not None:
            raise error
        return _summary(results, 0, (0, 0), "Audible returned no books; nothing was changed.")
    fetched = {chart: result.books for chart, result in results.items()}
    all_books = list({b.asin: b for books in fetched.values() for b in books or []}.values())
    cover_counts = cache_covers(source, store, all_books, options, log)
    cover_paths = {b.asin: str(store.path_for(b.asin)) for b in all_books if store.has(b.asin)}
    with transaction(sessions) as session:
        changed = apply_refresh(session, fetched, cover_paths, synced_at)
    summary = _summary(results, changed, cover_counts, "Audible lists refreshed.")
    log.info(summary["message"], **{k: v for k, v in summary.items() if k != "message"})
    return summary


def _summary(
    results: dict[Chart, ChartFetch], changed: int, covers: tuple[int, int], message: str
) -> dict[str, Any]:
    popular, new = results["popular"].books, results["new_releases"].books
    return {
        "success": True,
        "message": message,
        "popular_saved": len(popular) if popular is not None else 0,
        "new_releases_saved": len(new) if new is not None else 0,
        "popular_kept_previous": popular is None,
        "new_releases_kept_previous": new is None,
        "rows_changed": changed,
        "covers_downloaded": covers[0],
        "covers_failed": covers[1],
    }
