"""After an import: scan_plex scans the folder and queues match_plex, which waits (rescheduling
itself, no thread sleeps) until Plex lists the folder, then makes the request available."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from earmark.core.clock import FrozenClock
from earmark.db.engine import transaction
from earmark.jobs import enqueue_step
from earmark.jobs.handlers.match_plex import FOLDER_POLL_SECONDS
from earmark.jobs.handlers.scan_plex import FOLDER_LISTING_WAIT
from earmark.jobs.payloads import ScanPlex
from earmark.jobs.registry import job_registry
from earmark.queue.models import Job
from earmark.queue.runner import JobRunner
from earmark.requests.models import Request
from earmark.wiring import Services
from tests.fakes.plex_server import FakePlexLibrary
from tests.integration.plex.conftest import TOKEN, BookShelf, add_request


@pytest.fixture
def runner(services: Services, plex_url: str, clock: FrozenClock) -> JobRunner:
    services.clock = clock
    services.config.set_many(
        {"plex.server_url": plex_url, "plex.auth_token": TOKEN, "plex.library_id": "1"}
    )
    return JobRunner(services.sessions, job_registry(), resources=services, clock=clock)


def _queue_scan(services: Services, request_id: uuid.UUID, folder: str) -> None:
    with transaction(services.sessions) as session:
        enqueue_step(
            session, ScanPlex(request_id=request_id, path=folder), now=services.clock.now()
        )


def _jobs(services: Services) -> dict[str, str]:
    with services.sessions() as session:
        return {job.type: job.status for job in session.scalars(select(Job))}


def _status(services: Services, request_id: uuid.UUID) -> str:
    with services.sessions() as session:
        return session.get_one(Request, request_id).status


def test_folder_listed_late_match_waits_then_request_available(
    services: Services,
    runner: JobRunner,
    clock: FrozenClock,
    shelf: BookShelf,
    fake_plex: FakePlexLibrary,
) -> None:
    folder = shelf.root / "Ann Leckie" / "Ancillary Mercy"
    request_id = add_request(
        services, title="Ancillary Mercy", author="Ann Leckie", file_path=str(folder)
    )
    _queue_scan(services, request_id, str(folder))

    assert runner.run_next("test") and runner.run_next("test")  # scan, then a first match try
    assert _jobs(services) == {"scan_plex": "completed", "match_plex": "delayed"}
    assert not runner.run_next("test")  # the match waits for its next poll
    assert _status(services, request_id) == "downloaded"

    shelf.add("Ann Leckie", "Ancillary Mercy")
    fake_plex.rescan()  # Plex finished reading the folder
    clock.advance(timedelta(seconds=FOLDER_POLL_SECONDS))
    assert runner.run_next("test")

    assert _jobs(services) == {"scan_plex": "completed", "match_plex": "completed"}
    assert _status(services, request_id) == "available"


def test_folder_never_listed_match_gives_up_after_the_wait(
    services: Services, runner: JobRunner, clock: FrozenClock, shelf: BookShelf
) -> None:
    folder = str(shelf.root / "Nobody" / "Missing")
    request_id = add_request(services, title="Missing", author="Nobody", file_path=folder)
    _queue_scan(services, request_id, folder)
    runner.run_next("test")

    polls = 0
    while runner.run_next("test") or _jobs(services)["match_plex"] == "delayed":
        polls += 1
        clock.advance(timedelta(seconds=FOLDER_POLL_SECONDS))
        assert polls < 100

    assert polls == pytest.approx(FOLDER_LISTING_WAIT.total_seconds() / FOLDER_POLL_SECONDS, abs=1)
    assert _jobs(services) == {"scan_plex": "completed", "match_plex": "completed"}
    assert _status(services, request_id) == "downloaded"
