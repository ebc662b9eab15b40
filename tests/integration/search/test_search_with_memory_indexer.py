"""Searching through the in-memory indexer: no Prowlarr, no HTTP, each indexer answer on demand."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from earmark.core.events import RecordingEventLog
from earmark.db.engine import transaction
from earmark.downloads.models import DownloadHistory
from earmark.integrations.indexers import AUDIOBOOK_CATEGORY
from earmark.integrations.indexers.variants import search_book
from earmark.queue.models import Job
from earmark.requests.models import Audiobook, Request
from earmark.search.profiles import RankingProfile
from earmark.search.service import SearchOutcome, search_request
from earmark.users.models import User
from earmark.wiring import Services
from tests.fakes.memory_indexer import ALL_BLOCKED, MemoryIndexer

TITLE, AUTHOR = "Quiet Harbour", "Ann Author"


def _pending_request(services: Services) -> uuid.UUID:
    with transaction(services.sessions) as session:
        user = User(plex_id="plex-memory", plex_username="reader")
        book = Audiobook(title=TITLE, author=AUTHOR, audible_asin="B0MEMIDX01")
        session.add_all([user, book])
        session.flush()
        request = Request(user_id=user.id, audiobook_id=book.id, status="pending")
        session.add(request)
        session.flush()
        return request.id


def _search(services: Services, indexer: MemoryIndexer, request_id: uuid.UUID) -> SearchOutcome:
    return search_request(
        services.sessions,
        request_id,
        search=lambda title, author: search_book(
            indexer, title, author, (AUDIOBOOK_CATEGORY,), (1,)
        ),
        profile=RankingProfile(),
        now=services.clock.now(),
        log=RecordingEventLog(),
    )


def _indexer() -> MemoryIndexer:
    indexer = MemoryIndexer()
    indexer.add_indexer(1, "Loopback")
    indexer.add_indexer(2, "NotChosen")
    return indexer


def test_search_ranks_the_releases_and_queues_the_best_grab(services: Services) -> None:
    indexer = _indexer()
    best = indexer.add(f"{AUTHOR} - {TITLE} (Unabridged) [M4B]", seeders=40)
    indexer.add(f"{TITLE} (Abridged) MP3", seeders=90)
    indexer.add(f"{AUTHOR} - {TITLE} [M4B]", indexer_id=2, seeders=500)
    request_id = _pending_request(services)

    outcome = _search(services, indexer, request_id)

    assert (outcome.accepted, outcome.considered) == (1, 2)  # indexer 2 was not asked
    with services.sessions() as session:
        rows = list(session.scalars(select(DownloadHistory)))
        [grab] = session.scalars(select(Job).where(Job.type == "download_torrent")).all()
        assert session.get_one(Request, request_id).status == "searching"
    accepted = [row for row in rows if row.accepted]
    assert [row.release_guid for row in accepted] == [best.guid]
    assert grab.payload["download_history_id"] == str(accepted[0].id)


def test_every_indexer_blocked_waits_for_a_new_search_with_the_indexers_words(
    services: Services,
) -> None:
    indexer = _indexer()
    indexer.add(f"{AUTHOR} - {TITLE} [M4B]")
    indexer.block(1)
    request_id = _pending_request(services)

    _search(services, indexer, request_id)

    with services.sessions() as session:
        request = session.get_one(Request, request_id)
        assert request.status == "awaiting_search"
        assert ALL_BLOCKED in (request.error_message or "")
        assert session.scalars(select(Job).where(Job.type == "download_torrent")).all() == []


def _usenet_search(
    services: Services, indexer: MemoryIndexer, request_id: uuid.UUID, profile: RankingProfile
) -> SearchOutcome:
    return search_request(
        services.sessions,
        request_id,
        search=lambda title, author: search_book(
            indexer, title, author, (AUDIOBOOK_CATEGORY,), (1,)
        ),
        profile=profile,
        now=services.clock.now(),
        log=RecordingEventLog(),
    )


def test_usenet_releases_are_candidates_only_while_a_usenet_client_is_configured(
    services: Services,
) -> None:
    indexer = _indexer()
    nzb = indexer.add(
        f"{AUTHOR} - {TITLE} (Unabridged) [M4B]",
        protocol="usenet",
        seeders=None,
        leechers=None,
        magnet_url=None,
        info_hash=None,
        download_url="http://prowlarr.local/1/download?link=x",
        grabs=40,
    )
    without = _usenet_search(services, indexer, _pending_request(services), RankingProfile())
    assert (without.accepted, without.considered) == (0, 1)

    both = RankingProfile(protocols=frozenset({"torrent", "usenet"}))
    request_id = _pending_request_for_another_book(services)
    outcome = _usenet_search(services, indexer, request_id, both)

    assert outcome.accepted == 1
    with services.sessions() as session:
        row = session.scalars(
            select(DownloadHistory).where(
                DownloadHistory.request_id == request_id, DownloadHistory.accepted.is_(True)
            )
        ).one()
    assert (row.release_guid, row.protocol, row.seeders) == (nzb.guid, "usenet", None)


def _pending_request_for_another_book(services: Services) -> uuid.UUID:
    with transaction(services.sessions) as session:
        user = User(plex_id="plex-usenet", plex_username="listener")
        book = Audiobook(title=TITLE, author=AUTHOR, audible_asin="B0MEMIDX02")
        session.add_all([user, book])
        session.flush()
        request = Request(user_id=user.id, audiobook_id=book.id, status="pending")
        session.add(request)
        session.flush()
        return request.id
