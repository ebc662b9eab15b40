"""The download monitor driven through the in-memory client: no daemon, each outcome on demand.

The fake answers as the real clients do (tests/conformance), so these cover what the monitor
decides: stall and client error → blocklist and the next release, vanish → search again later,
progress → the request's percentage, complete → import queued at the mapped path.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from earmark.core.events import RecordingEventLog
from earmark.db.engine import transaction
from earmark.downloads.maintenance import retry_missing
from earmark.downloads.models import DownloadHistory
from earmark.downloads.paths import PathMapping
from earmark.downloads.service import (
    MISSING_POLLS_BEFORE_DEAD,
    Handed,
    MonitorSettings,
    PollOutcome,
    check_download,
    grab_release,
)
from earmark.integrations.download_clients import MagnetLink
from earmark.integrations.errors import Unreachable
from earmark.queue.models import Job
from earmark.requests.models import Audiobook, Request
from earmark.rule_codes import MonitorRule
from earmark.users.models import User
from earmark.wiring import Services
from tests.fakes.memory_download_client import MemoryDownloadClient

STALL_AFTER = timedelta(minutes=30)
CLIENT_ROOT = "/downloads"
MAGNETS = [f"magnet:?xt=urn:btih:{digit * 40}&dn=Quiet+Book+{digit}" for digit in "ab"]


@dataclass
class Download:
    """A request sent to the memory client, and what the monitor is given to follow it."""

    services: Services
    client: MemoryDownloadClient
    request_id: uuid.UUID
    releases: list[uuid.UUID]
    info_hash: str
    started: datetime
    log: RecordingEventLog
    mapping: PathMapping | None = None

    def poll(self, after: timedelta) -> PollOutcome:
        return check_download(
            self.services.sessions,
            self.request_id,
            self.releases[0],
            client=self.client,
            settings=MonitorSettings(stall_after=STALL_AFTER, mapping=self.mapping),
            now=self.started + after,
            log=self.log,
        )

    def release(self, index: int) -> DownloadHistory:
        with self.services.sessions() as session:
            return session.get_one(DownloadHistory, self.releases[index])

    def request(self) -> Request:
        with self.services.sessions() as session:
            return session.get_one(Request, self.request_id)

    def jobs(self, job_type: str) -> list[Job]:
        with self.services.sessions() as session:
            return list(session.scalars(select(Job).where(Job.type == job_type)))


def _request_with_releases(services: Services, count: int) -> tuple[uuid.UUID, list[uuid.UUID]]:
    with transaction(services.sessions) as session:
        user = User(plex_id="plex-memory", plex_username="reader")
        book = Audiobook(title="Quiet Book", author="Ann Author", audible_asin="B0MEMORY01")
        session.add_all([user, book])
        session.flush()
        request = Request(user_id=user.id, audiobook_id=book.id, status="searching")
        session.add(request)
        session.flush()
        rows = [
            DownloadHistory(
                request_id=request.id,
                torrent_name=f"Quiet Book {index}",
                magnet_link=MAGNETS[index],
                accepted=True,
                quality_score=90 - index,
                release_guid=f"guid-{index}",
            )
            for index in range(count)
        ]
        session.add_all(rows)
        session.flush()
        return request.id, [row.id for row in rows]


def _downloading(services: Services, releases: int = 2) -> Download:
    client = MemoryDownloadClient(CLIENT_ROOT, clock=services.clock)
    request_id, release_ids = _request_with_releases(services, releases)
    log = RecordingEventLog()
    started = services.clock.now()
    info_hash = grab_release(
        services.sessions,
        request_id,
        release_ids[0],
        send=lambda source: Handed(
            client.name, client.add(source, "earmark", f"{CLIENT_ROOT}/books")
        ),
        fetch=lambda row: MagnetLink(row.magnet_link or ""),
        now=started,
        log=log,
    )
    return Download(services, client, request_id, release_ids, info_hash, started, log)


def test_grab_sends_the_release_to_the_client_under_its_category(services: Services) -> None:
    download = _downloading(services)

    item = download.client.info(download.info_hash)

    assert item is not None and item.info_hash == "a" * 40
    assert (item.category, item.save_path, item.name) == (
        "earmark",
        "/downloads/books",
        "Quiet Book a",
    )
    assert download.request().status == "downloading"
    assert download.release(0).download_client == "memory"
    assert [job.payload["download_history_id"] for job in download.jobs("monitor_download")] == [
        str(download.releases[0])
    ]


def test_progress_updates_the_request_percentage_and_keeps_polling(services: Services) -> None:
    download = _downloading(services)
    download.client.progress(download.info_hash, 0.42)

    outcome = download.poll(timedelta(minutes=1))

    assert (outcome.finished, outcome.detail) == (False, "42%")
    assert download.request().progress == 42
    assert download.release(0).progress_fraction == pytest.approx(0.42)


def test_stall_blocklists_the_release_and_queues_the_next_one(services: Services) -> None:
    download = _downloading(services)
    download.client.progress(download.info_hash, 0.2)
    assert not download.poll(timedelta(minutes=1)).finished
    download.client.stall(download.info_hash)

    assert not download.poll(timedelta(minutes=20)).finished  # not stalled for long enough yet
    outcome = download.poll(timedelta(minutes=45))

    assert (outcome.finished, outcome.detail) == (True, "stalled")
    stalled = download.release(0)
    assert (stalled.blocklisted, stalled.download_status) == (True, "stalled")
    # The fake's stall() also takes the seeders away: a dead torrent, by its rule code.
    code, _, reason = stalled.download_error.partition(": ")
    assert (code, reason) == (
        MonitorRule.DEAD_TORRENT,
        "download stalled (no progress for 44 minutes, no seeders)",
    )
    assert download.request().status == "searching"
    [grab] = download.jobs("download_torrent")
    assert grab.payload["download_history_id"] == str(download.releases[1])


def test_client_error_blocklists_with_its_message_and_queues_the_next_one(
    services: Services,
) -> None:
    download = _downloading(services)
    download.client.fail(download.info_hash, "No space left on device")

    outcome = download.poll(timedelta(minutes=1))

    assert (outcome.finished, outcome.detail) == (True, "stalled")
    failed = download.release(0)
    assert (failed.blocklisted, failed.download_status) == (True, "failed")
    code, _, reason = failed.download_error.partition(": ")
    assert (code, reason) == (
        MonitorRule.CLIENT_ERROR,
        "download stalled (No space left on device)",
    )
    [grab] = download.jobs("download_torrent")
    assert grab.payload["download_history_id"] == str(download.releases[1])


def test_vanished_torrent_is_given_up_after_missed_polls_and_searched_again(
    services: Services,
) -> None:
    download = _downloading(services, releases=1)
    download.client.vanish(download.info_hash)
    assert download.client.info(download.info_hash) is None

    early = download.poll(timedelta(seconds=30))
    patience = timedelta(seconds=30 * MISSING_POLLS_BEFORE_DEAD + 1)
    late = download.poll(patience)

    assert (early.finished, early.detail) == (False, "torrent not found yet")
    assert (late.finished, late.detail) == (True, "torrent vanished")
    request = download.request()
    assert request.status == "awaiting_search"
    assert request.error_message is not None and "search again" in request.error_message
    assert download.release(0).blocklisted
    retry_missing(services.sessions, now=download.started + patience, log=download.log)
    [search] = download.jobs("search_indexers")
    assert search.payload == {"request_id": str(download.request_id)}


def test_complete_queues_the_import_at_the_path_earmark_sees(services: Services) -> None:
    download = _downloading(services)
    download.mapping = PathMapping(remote=CLIENT_ROOT, local="/mnt/torrents")
    download.client.complete(download.info_hash)

    outcome = download.poll(timedelta(minutes=5))

    assert (outcome.finished, outcome.detail) == (True, "download complete")
    done = download.release(0)
    assert done.download_status == "completed"
    assert done.download_path == "/mnt/torrents/books/Quiet Book a"
    request = download.request()
    assert (request.status, request.progress) == ("processing", 100)
    [organize] = download.jobs("organize_files")
    assert organize.payload["download_history_id"] == str(download.releases[0])


def test_client_outage_propagates_and_the_request_keeps_downloading(services: Services) -> None:
    download = _downloading(services)
    download.client.go_offline()

    with pytest.raises(Unreachable) as raised:
        download.poll(timedelta(minutes=1))

    assert raised.value.transient
    assert download.request().status == "downloading"
    assert not download.release(0).blocklisted
