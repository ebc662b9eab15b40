"""The pipeline against Prowlarr's quirks: blocked indexers, proxy links, usenet results."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from earmark.db.engine import transaction
from earmark.demo.fakes.prowlarr import FakeRelease
from earmark.downloads.models import DownloadHistory
from earmark.integrations.download_clients import MagnetLink, TorrentSource
from earmark.jobs.handlers import download_torrent
from earmark.queue.context import JobLogger
from earmark.queue.engine import enqueue
from earmark.queue.models import JobEvent
from earmark.requests.models import Request
from tests.integration.pipeline.conftest import Pipeline
from tests.support import add_catalog_book, make_user

ASIN = "B08G9PRS1K"
MIB = 1024 * 1024
HASH = "0123456789abcdef0123456789abcdef01234567"
MAGNET = f"magnet:?xt=urn:btih:{HASH}&dn=Project+Hail+Mary"


class RecordingClient:
    """Stands in for the torrent client: keeps what it was given."""

    name = "recording"

    def __init__(self) -> None:
        self.added: list[TorrentSource] = []

    def add(self, source: TorrentSource, category: str, save_path: str | None) -> str:
        self.added.append(source)
        return HASH


@pytest.fixture
def torrent_client(monkeypatch: pytest.MonkeyPatch) -> RecordingClient:
    client = RecordingClient()
    monkeypatch.setattr(download_torrent, "build_download_client", lambda _services: client)
    return client


def _create(client: TestClient, pipeline: Pipeline) -> None:
    add_catalog_book(pipeline.services, ASIN, "Project Hail Mary", "Andy Weir", "Ray Porter")
    alice = make_user(pipeline.services, client.app, "alice")
    response = client.post("/api/requests", json={"asin": ASIN}, headers=alice.headers)
    assert response.status_code == 201, response.text


def _request(pipeline: Pipeline) -> Request:
    with pipeline.services.sessions() as session:
        return session.scalars(select(Request)).one()


def _rows(pipeline: Pipeline) -> list[DownloadHistory]:
    with pipeline.services.sessions() as session:
        return list(session.scalars(select(DownloadHistory)))


def _run_scheduled(pipeline: Pipeline, job_type: str) -> None:
    with transaction(pipeline.services.sessions) as session:
        enqueue(session, job_type, {}, now=pipeline.services.clock.now())
    pipeline.drain()


def _good(**options: Any) -> FakeRelease:
    return FakeRelease(
        "Project Hail Mary - Andy Weir (Ray Porter) [M4B]", 1, size_bytes=500 * MIB, **options
    )


def test_search_while_every_indexer_is_blocked_waits_with_prowlarrs_message_and_is_retried(
    client: TestClient, pipeline: Pipeline, torrent_client: RecordingClient
) -> None:
    pipeline.prowlarr.add_release(_good(magnet_url=MAGNET))
    pipeline.prowlarr.block_indexers()
    _create(client, pipeline)
    pipeline.drain()

    request = _request(pipeline)
    assert request.status == "awaiting_search"
    assert request.error_message is not None
    assert "all selected indexers being unavailable" in request.error_message
    assert torrent_client.added == []

    pipeline.prowlarr.block_indexers(False)
    _run_scheduled(pipeline, "retry_missing_torrents")

    assert _request(pipeline).status == "downloading"
    assert torrent_client.added == [MagnetLink(MAGNET)]


def test_magnet_only_release_is_grabbed_through_its_proxy_link(
    client: TestClient, pipeline: Pipeline, torrent_client: RecordingClient
) -> None:
    pipeline.prowlarr.add_release(_good(magnet_url=MAGNET))
    _create(client, pipeline)
    pipeline.drain()

    assert _request(pipeline).status == "downloading"
    assert torrent_client.added == [MagnetLink(MAGNET)]
    (row,) = [row for row in _rows(pipeline) if row.selected]
    assert row.torrent_url is None and row.magnet_link is not None
    assert "apikey" not in row.magnet_link and pipeline.prowlarr.api_key not in row.magnet_link


def test_a_release_whose_link_fails_gives_way_to_the_next_one(
    client: TestClient, pipeline: Pipeline, torrent_client: RecordingClient
) -> None:
    # The best release's file is gone at the indexer (410); a worse but fine one follows.
    pipeline.prowlarr.add_release(_good(file_id="gone", seeders=90))
    pipeline.prowlarr.add_release(
        FakeRelease(
            "Project Hail Mary - Andy Weir [MP3]", 1, size_bytes=400 * MIB, magnet_url=MAGNET
        )
    )
    _create(client, pipeline)
    pipeline.drain()

    assert _request(pipeline).status == "downloading"
    assert torrent_client.added == [MagnetLink(MAGNET)]
    failed = [row for row in _rows(pipeline) if row.blocklisted]
    assert [row.torrent_name for row in failed] == [
        "Project Hail Mary - Andy Weir (Ray Porter) [M4B]"
    ]


def test_usenet_results_are_skipped_and_never_sent_to_the_torrent_client(
    client: TestClient, pipeline: Pipeline, torrent_client: RecordingClient
) -> None:
    pipeline.prowlarr.add_indexer(2, "NZBgeek", protocol="usenet")
    pipeline.services.config.set(
        "indexer.prowlarr_indexers",
        [{"id": 1, "name": "AudioBookBay", "priority": 10}, {"id": 2, "name": "NZBgeek"}],
    )
    pipeline.prowlarr.add_release(
        FakeRelease("Project Hail Mary - Andy Weir [M4B]", 2, protocol="usenet", file_id="n")
    )
    _create(client, pipeline)
    pipeline.drain()

    request = _request(pipeline)
    assert request.status == "awaiting_search"
    assert torrent_client.added == [] and _rows(pipeline) == []


def test_a_job_event_never_stores_an_api_key_written_in_its_message(pipeline: Pipeline) -> None:
    services = pipeline.services
    with transaction(services.sessions) as session:
        job = enqueue(session, "retry_missing_torrents", {}, now=services.clock.now())
        job_id = job.id
    logger = JobLogger(services.sessions, job_id, "Test", services.clock)

    logger.warn(f"fetch failed: http://p:9696/1/download?apikey={pipeline.prowlarr.api_key}&link=x")
    logger.flush()

    with services.sessions() as session:
        (message,) = session.scalars(select(JobEvent.message).where(JobEvent.job_id == job_id))
    assert pipeline.prowlarr.api_key not in message and "link=x" in message
