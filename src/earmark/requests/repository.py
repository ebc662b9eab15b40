"""Queries over requests and audiobooks (never commits)."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from typing import Any, TypeVar

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from earmark.requests.models import Audiobook, Request, RequestStatusChange
from earmark.requests.schemas import RequestFilter
from earmark.requests.states import RequestStatus


def book_by_asin(session: Session, asin: str) -> Audiobook | None:
    return session.scalar(select(Audiobook).where(Audiobook.audible_asin == asin))


def request_for(session: Session, user_id: uuid.UUID, audiobook_id: uuid.UUID) -> Request | None:
    return session.scalar(
        select(Request).where(Request.user_id == user_id, Request.audiobook_id == audiobook_id)
    )


_Query = TypeVar("_Query", bound="Select[*tuple[Any, ...]]")


def _filtered(query: _Query, flt: RequestFilter) -> _Query:
    if flt.status:
        query = query.where(Request.status == flt.status)
    if flt.user_id:
        query = query.where(Request.user_id == flt.user_id)
    if flt.search:
        pattern = f"%{flt.search.lower()}%"
        query = query.where(
            or_(
                func.lower(Audiobook.title).like(pattern),
                func.lower(Audiobook.author).like(pattern),
            )
        )
    return query


def list_requests(
    session: Session, flt: RequestFilter
) -> tuple[Sequence[tuple[Request, Audiobook]], int]:
    base = _filtered(
        select(Request, Audiobook).join(Audiobook, Audiobook.id == Request.audiobook_id), flt
    )
    total = session.scalar(_count_query(flt)) or 0
    rows = session.execute(
        base.order_by(Request.created_at.desc(), Request.id).limit(flt.limit).offset(flt.offset)
    ).all()
    return rows, int(total)


def _count_query(flt: RequestFilter) -> Select[int]:
    """The filter's row count; the join to audiobooks only when the search needs its columns
    (counting a user's 10,000 requests through the join took 5.5 ms, without it 1.4 ms)."""
    if flt.search:
        joined = select(Request.id).join(Audiobook, Audiobook.id == Request.audiobook_id)
        return select(func.count()).select_from(_filtered(joined, flt).subquery())
    return _filtered(select(func.count()).select_from(Request), flt)


def counts_by_status(session: Session) -> dict[RequestStatus, int]:
    rows = session.execute(select(Request.status, func.count()).group_by(Request.status)).all()
    return {status: int(count) for status, count in rows}


def status_history(session: Session, request_id: uuid.UUID) -> Sequence[RequestStatusChange]:
    return session.scalars(
        select(RequestStatusChange)
        .where(RequestStatusChange.request_id == request_id)
        .order_by(RequestStatusChange.created_at, RequestStatusChange.sequence)
    ).all()


def has_other_live_request(
    session: Session, audiobook_id: uuid.UUID, exclude: uuid.UUID, live: Collection[RequestStatus]
) -> bool:
    """Another request for the same book is still in one of the `live` statuses."""
    other = session.scalar(
        select(Request.id)
        .where(
            Request.audiobook_id == audiobook_id,
            Request.id != exclude,
            Request.status.in_(live),
        )
        .limit(1)
    )
    return other is not None
