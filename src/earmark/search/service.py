"""Searching indexers for a request: query, rank, record every candidate, grab or wait.

Nothing is grabbed unless a release clears the confidence floor; otherwise the request waits in
`awaiting_search` with a reason that names the best candidate and why it was refused.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from earmark.catalog.repository import row_by_asin
from earmark.core.errors import Conflict, NotFound
from earmark.core.events import EventLog, NullEventLog
from earmark.db.engine import SessionFactory, transaction
from earmark.downloads import repository as downloads_repo
from earmark.downloads.models import DownloadHistory, DownloadStatus
from earmark.downloads.service import enqueue_grab
from earmark.integrations.indexers.protocol import IndexersUnavailable, Release
from earmark.requests.guards import require_allowed
from earmark.requests.lifecycle import transition
from earmark.requests.models import Audiobook, Request
from earmark.requests.service import acting_request, advance
from earmark.requests.states import SEARCHABLE, RequestAction, RequestStatus
from earmark.search.ranking import (
    BookProfile,
    RankedRelease,
    RankingProfile,
    best_explanation,
    rank_releases,
)

MAX_CANDIDATES_KEPT = 50
# Earmark has torrent clients only: a Usenet release can be found but not downloaded yet.


Searcher = Callable[[str, str | None], list[Release]]


@dataclass(frozen=True)
class SearchOutcome:
    status: str
    detail: str
    accepted: int = 0
    considered: int = 0


def book_request_ids(session: Session, request: Request) -> list[uuid.UUID]:
    return list(
        session.scalars(select(Request.id).where(Request.audiobook_id == request.audiobook_id))
    )


def _start(session: Session, request: Request, now: datetime, log: EventLog) -> None:
    request.search_attempts += 1
    request.last_search_at = now
    if request.status != RequestStatus.SEARCHING:
        if request.status == RequestStatus.FAILED:
            transition(session, request, RequestStatus.PENDING, now=now, log=log)
        advance(session, request, RequestStatus.SEARCHING, now=now, log=log)


def not_blocked(
    ranked: Sequence[RankedRelease], guids: set[str], hashes: set[str]
) -> list[RankedRelease]:
    return [
        r
        for r in ranked
        if r.release.guid not in guids and (r.release.info_hash or "").lower() not in hashes
    ]


def candidate_row(request_id: uuid.UUID, ranked: RankedRelease) -> DownloadHistory:
    release = ranked.release
    return DownloadHistory(
        request_id=request_id,
        indexer_name=release.indexer,
        torrent_name=release.title,
        torrent_hash=(release.info_hash or "").lower() or None,
        torrent_size_bytes=release.size_bytes,
        magnet_link=release.magnet_url,
        torrent_url=release.download_url,
        seeders=release.seeders,
        leechers=release.leechers,
        quality_score=ranked.score,
        score_breakdown=ranked.as_json(),
        release_guid=release.guid,
        protocol=release.protocol,
        accepted=ranked.accepted,
        download_status=DownloadStatus.QUEUED,
    )


def record_candidates(
    session: Session, request_id: uuid.UUID, ranked: Sequence[RankedRelease]
) -> list[DownloadHistory]:
    downloads_repo.drop_unselected_candidates(session, request_id)
    rows = [candidate_row(request_id, r) for r in ranked[:MAX_CANDIDATES_KEPT]]
    session.add_all(rows)
    session.flush()
    return rows


def downloadable(
    releases: Sequence[Release], profile: RankingProfile, log: EventLog
) -> list[Release]:
    """The releases a configured client can download; the others are skipped with a reason."""
    kept = [release for release in releases if release.protocol in profile.protocols]
    skipped = len(releases) - len(kept)
    if skipped:
        log.info(
            f"Skipped {skipped} Usenet release(s): Earmark has no Usenet download client",
            skipped=skipped,
        )
    return kept


def _search_and_rank(
    search: Searcher,
    wanted: BookProfile,
    profile: RankingProfile,
    log: EventLog,
    query: str | None = None,
) -> tuple[int, list[RankedRelease]]:
    """Search for the book (or for a person's own `query` words) and rank against the book."""
    if query:
        releases = search(query, None)
    else:
        releases = search(wanted.title, wanted.authors[0] if wanted.authors else None)
    return len(releases), rank_releases(wanted, downloadable(releases, profile, log), profile)


def _wait_for_indexers(
    sessions: SessionFactory,
    request_id: uuid.UUID,
    error: IndexersUnavailable,
    *,
    now: datetime,
    log: EventLog,
) -> SearchOutcome:
    """No indexer can be searched now: wait in awaiting_search (searched again later)."""
    reason = f"{error.message}. Earmark will search again later."
    with transaction(sessions) as session:
        request = session.get_one(Request, request_id)
        advance(session, request, RequestStatus.AWAITING_SEARCH, now=now, reason=reason, log=log)
    log.warn(reason)
    return SearchOutcome(RequestStatus.AWAITING_SEARCH, reason)


def unblocked(
    session: Session, request: Request, ranked: Sequence[RankedRelease]
) -> list[RankedRelease]:
    """`ranked` without the releases blocklisted for this request's book (any request for it)."""
    guids, hashes = downloads_repo.blocklisted_keys(session, book_request_ids(session, request))
    return not_blocked(ranked, guids, hashes)


def _record_usable(
    session: Session, request: Request, ranked: Sequence[RankedRelease]
) -> tuple[list[RankedRelease], list[DownloadHistory]]:
    """Drop releases blocklisted for this book, then store the rest as the request's candidates."""
    usable = unblocked(session, request, ranked)
    return usable, record_candidates(session, request.id, usable)


def search_request(
    sessions: SessionFactory,
    request_id: uuid.UUID,
    *,
    search: Searcher,
    profile: RankingProfile,
    now: datetime,
    log: EventLog,
) -> SearchOutcome:
    with transaction(sessions) as session:
        request = acting_request(session, request_id)
        if request is None or request.status not in SEARCHABLE:
            return SearchOutcome("skipped", "the request no longer needs a search")
        _start(session, request, now, log)
        book = session.get_one(Audiobook, request.audiobook_id)
        wanted = profile_for(session, book)
        request_key = request.id
    try:
        considered, ranked = _search_and_rank(search, wanted, profile, log)
    except IndexersUnavailable as exc:
        return _wait_for_indexers(sessions, request_key, exc, now=now, log=log)
    with transaction(sessions) as session:
        request = session.get_one(Request, request_key)
        usable, rows = _record_usable(session, request, ranked)
        accepted = [row for row in rows if row.accepted]
        log.info(
            f"Found {considered} release(s), {len(accepted)} acceptable",
            considered=considered,
            accepted=len(accepted),
        )
        if accepted:
            enqueue_grab(session, request, accepted[0], now)
            return SearchOutcome(
                RequestStatus.SEARCHING,
                f"grabbing '{accepted[0].torrent_name}'",
                len(accepted),
                considered,
            )
        reason = best_explanation(usable) if usable else "No release found on the indexers yet."
        advance(session, request, RequestStatus.AWAITING_SEARCH, now=now, reason=reason, log=log)
        return SearchOutcome(RequestStatus.AWAITING_SEARCH, reason, 0, considered)


def profile_for(session: Session, book: Audiobook) -> BookProfile:
    cached = row_by_asin(session, book.audible_asin)
    return BookProfile(
        title=book.title,
        authors=tuple(a.strip() for a in book.author.split(",") if a.strip()),
        narrators=tuple(n.strip() for n in (book.narrator or "").split(",") if n.strip()),
        runtime_minutes=cached.duration_minutes if cached is not None else None,
        language=cached.language if cached is not None else None,
    )


def interactive_search(
    sessions: SessionFactory,
    request_id: uuid.UUID,
    *,
    search: Searcher,
    profile: RankingProfile,
    query: str | None = None,
) -> list[DownloadHistory]:
    """Search now and record every candidate (accepted or not) for a person to pick from.

    `query`: the person's own words instead of "title author" (a book the catalog does not
    list may be named otherwise on the indexers); the ranking still compares with the book."""
    with sessions() as session:
        request = session.get_one(Request, request_id)
        wanted = profile_for(session, session.get_one(Audiobook, request.audiobook_id))
    _, ranked = _search_and_rank(search, wanted, profile, NullEventLog(), query)
    with transaction(sessions) as session:
        return _record_usable(session, session.get_one(Request, request_id), ranked)[1]


def choose_release(
    session: Session, request: Request, guid: str, *, now: datetime, log: EventLog
) -> DownloadHistory:
    """Grab the release a person picked; it must be one Earmark found for this request."""
    candidate = session.scalar(
        select(DownloadHistory).where(
            DownloadHistory.request_id == request.id,
            DownloadHistory.release_guid == guid,
            DownloadHistory.selected.is_(False),
        )
    )
    if candidate is None:
        raise NotFound("That release is not among this request's search results; search again.")
    if candidate.blocklisted:
        raise Conflict("That release failed before for this book and is blocklisted.")
    require_allowed(request.status, RequestAction.PICK_RELEASE)
    candidate.accepted = True
    if request.status == RequestStatus.FAILED:
        transition(session, request, RequestStatus.PENDING, now=now, log=log)
    if request.status != RequestStatus.SEARCHING:
        advance(
            session,
            request,
            RequestStatus.SEARCHING,
            now=now,
            reason="release picked by hand",
            log=log,
        )
    enqueue_grab(session, request, candidate, now)
    return candidate
