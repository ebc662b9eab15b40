"""Catalog queries over audible_cache and the caller's requests; never commits."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from earmark.catalog.models import AudibleCache
from earmark.db.bundles import TupleBundle
from earmark.integrations.catalog_sources import Chart
from earmark.requests.models import Audiobook, Request
from earmark.requests.states import RequestStatus


@dataclass(frozen=True)
class RequestRow:
    asin: str
    request_id: uuid.UUID
    user_id: uuid.UUID
    status: RequestStatus


def _flag(chart: Chart) -> InstrumentedAttribute[bool]:
    return AudibleCache.is_popular if chart == "popular" else AudibleCache.is_new_release


def rank_column(chart: Chart) -> InstrumentedAttribute[int | None]:
    return AudibleCache.popular_rank if chart == "popular" else AudibleCache.new_release_rank


def _flagged(chart: Chart) -> ColumnElement[bool]:
    return _flag(chart).is_(True)


def row_by_asin(session: Session, asin: str | None) -> AudibleCache | None:
    """The cached catalog row of `asin`; None when it is not cached (or there is no ASIN)."""
    if not asin:
        return None
    return session.scalar(select(AudibleCache).where(AudibleCache.asin == asin))


def rows_by_asin(session: Session, asins: Collection[str]) -> dict[str, AudibleCache]:
    if not asins:
        return {}
    rows = session.scalars(select(AudibleCache).where(AudibleCache.asin.in_(list(asins))))
    return {row.asin: row for row in rows}


def flagged_rows(session: Session, chart: Chart) -> list[AudibleCache]:
    return list(session.scalars(select(AudibleCache).where(_flagged(chart))))


# The columns a chart page answers with (the API's BookOut, and when the chart was synced), read
# as named tuples: the page only reads each book once, so ORM entities (identity map, instrumented
# attributes) were work for nothing on the most visited page (docs/performance.md).
CHART_ROW = TupleBundle(
    "chart_row",
    AudibleCache.asin,
    AudibleCache.title,
    AudibleCache.subtitle,
    AudibleCache.author,
    AudibleCache.narrator,
    AudibleCache.series,
    AudibleCache.series_position,
    AudibleCache.series_asin,
    AudibleCache.description,
    AudibleCache.duration_minutes,
    AudibleCache.release_date,
    AudibleCache.rating,
    AudibleCache.genres,
    AudibleCache.language,
    AudibleCache.region,
    AudibleCache.cover_art_url,
    AudibleCache.popular_rank,
    AudibleCache.new_release_rank,
    AudibleCache.last_synced_at,
)


def chart_page(session: Session, chart: Chart, offset: int, limit: int) -> list[Any]:
    """A page of the chart as CHART_ROW tuples, in rank order."""
    query = (
        select(CHART_ROW)
        .where(_flagged(chart))
        .order_by(rank_column(chart).asc(), AudibleCache.asin)
        .offset(offset)
        .limit(limit)
    )
    return list(session.scalars(query))


def chart_size(session: Session, chart: Chart) -> int:
    return (
        session.scalar(select(func.count()).select_from(AudibleCache).where(_flagged(chart))) or 0
    )


def requests_for_asins(session: Session, asins: Collection[str]) -> list[RequestRow]:
    """Active requests for these ASINs, newest first (one query for a whole page)."""
    if not asins:
        return []
    query = (
        select(Audiobook.audible_asin, Request.id, Request.user_id, Request.status)
        .join(Request, Request.audiobook_id == Audiobook.id)
        .where(Audiobook.audible_asin.in_(list(asins)))
        # Cancelled requests no longer stand for anyone wanting the book.
        .where(Request.status != RequestStatus.CANCELLED)
        .order_by(Request.created_at.desc())
    )
    return [
        RequestRow(str(asin), rid, uid, status) for asin, rid, uid, status in session.execute(query)
    ]
