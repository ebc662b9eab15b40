"""Request quotas: N requests per rolling day or week; declined requests do not count."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from earmark.core.errors import Forbidden
from earmark.requests.models import Request
from earmark.requests.states import QUOTA_FREE

PERIODS = {"day": timedelta(days=1), "week": timedelta(days=7)}


class QuotaExceeded(Forbidden):
    code = "QuotaExceeded"

    def __init__(self, limit: int, period: str, again_at: datetime) -> None:
        plural = "request" if limit == 1 else "requests"
        super().__init__(
            f"You have used your quota of {limit} {plural} per {period}. "
            f"You can request again on {when_text(again_at)}."
        )
        self.again_at = again_at


def when_text(moment: datetime) -> str:
    """'Tue 8 Dec at 14:05 UTC', rounded up to the minute (never earlier than the moment)."""
    rounded = moment.replace(second=0, microsecond=0)
    if rounded < moment:
        rounded += timedelta(minutes=1)
    return f"{rounded:%a} {rounded.day} {rounded:%b} at {rounded:%H:%M} UTC"


def next_request_at(
    session: Session, user_id: uuid.UUID, limit: int, period: str, now: datetime
) -> datetime | None:
    """None when the user may request now; else when enough of their requests leave the window."""
    if limit <= 0:
        return None
    window = PERIODS[period]
    counted = session.scalars(
        select(Request.created_at)
        .where(
            Request.user_id == user_id,
            Request.created_at > now - window,
            Request.status.not_in(QUOTA_FREE),
        )
        .order_by(Request.created_at)
    ).all()
    if len(counted) < limit:
        return None
    return counted[len(counted) - limit] + window


def require_quota(
    session: Session, user_id: uuid.UUID, limit: int, period: str, now: datetime
) -> None:
    again_at = next_request_at(session, user_id, limit, period, now)
    if again_at is not None:
        raise QuotaExceeded(limit, period, again_at)
