"""Matching indexer RSS items against requests that wait for a release, with the same ranking."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from earmark.core.events import EventLog
from earmark.db.engine import SessionFactory, transaction
from earmark.downloads.service import enqueue_grab
from earmark.integrations.indexers.protocol import Release
from earmark.requests.models import Audiobook, Request
from earmark.requests.service import advance
from earmark.requests.states import RequestStatus
from earmark.search.ranking import RankingProfile, rank_releases
from earmark.search.service import downloadable, profile_for, record_candidates, unblocked

MAX_WAITING_CHECKED = 200


def match_feed(
    sessions: SessionFactory,
    releases: Sequence[Release],
    *,
    profile: RankingProfile,
    now: datetime,
    log: EventLog,
) -> dict[str, int]:
    """Grab an accepted RSS release for each waiting request it fits; returns counts."""
    usable = downloadable(releases, profile, log)
    matched = 0
    with transaction(sessions) as session:
        waiting = session.scalars(
            select(Request)
            .where(Request.status == RequestStatus.AWAITING_SEARCH)
            .order_by(Request.last_search_at.asc().nulls_first(), Request.created_at, Request.id)
            .limit(MAX_WAITING_CHECKED)
        ).all()
        for request in waiting:
            book = session.get_one(Audiobook, request.audiobook_id)
            ranked = rank_releases(profile_for(session, book), usable, profile)
            accepted = [r for r in unblocked(session, request, ranked) if r.accepted]
            if not accepted:
                continue
            rows = record_candidates(session, request.id, accepted)
            advance(
                session,
                request,
                RequestStatus.SEARCHING,
                now=now,
                reason="found in an indexer feed",
                log=log,
            )
            enqueue_grab(session, request, rows[0], now)
            log.info(f"RSS match for '{book.title}': {rows[0].torrent_name}")
            matched += 1
    return {"feed_items": len(releases), "waiting": len(waiting), "matched": matched}
