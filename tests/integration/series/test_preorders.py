"""A pre-order waits (awaiting_release) and starts searching on its release date: a frozen clock
crosses the date and the queued release_preorder job runs only then."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from earmark.core.clock import FrozenClock
from earmark.db.engine import transaction
from earmark.demo.fakes.audible_series import SeriesCatalog
from earmark.jobs.registry import job_registry
from earmark.queue.models import Job
from earmark.queue.runner import JobRunner
from earmark.requests.lifecycle import transition
from earmark.requests.models import Audiobook, Request
from earmark.requests.repository import status_history
from earmark.requests.states import RequestStatus
from earmark.series.requesting import request_books
from earmark.settings_store.catalogue import RequestsSettings
from earmark.wiring import Services
from tests.fakes.audible_fixtures import RunningFake
from tests.series_support import series_source, user

PREORDER = "B0LANTRN04"


@pytest.fixture
def release(audible_fake: RunningFake) -> date:
    series: SeriesCatalog = audible_fake.app.state.series
    book = next(b for b in series.books if b.asin == PREORDER)
    return date.fromisoformat(book.audible["release_date"])


@pytest.fixture
def runner(services: Services, clock: FrozenClock, release: date) -> JobRunner:
    clock.set(datetime.combine(release - timedelta(days=3), time(12, 0), tzinfo=UTC))
    services.clock = clock
    return JobRunner(services.sessions, job_registry(), resources=services, clock=clock)


def _preorder(services: Services, audible_fake: RunningFake, user_id: uuid.UUID) -> uuid.UUID:
    with series_source(audible_fake) as source:
        book = next(e.book for e in source.series("B0LANTERNS").entries if e.book.asin == PREORDER)
    [outcome] = request_books(
        services.sessions, user_id, [book], RequestsSettings(), now=services.clock.now()
    )
    assert outcome.request_id is not None, outcome.error
    return outcome.request_id


def _state(services: Services, request_id: uuid.UUID) -> tuple[RequestStatus, set[str]]:
    with services.sessions() as session:
        request = session.get_one(Request, request_id)
        return request.status, {j.type for j in session.scalars(select(Job))}


def test_preorder_waits_then_searches_on_its_release_date(
    services: Services,
    runner: JobRunner,
    clock: FrozenClock,
    audible_fake: RunningFake,
    release: date,
) -> None:
    request_id = _preorder(services, audible_fake, user(services, "alice"))
    status, jobs = _state(services, request_id)
    assert status == RequestStatus.AWAITING_RELEASE
    assert jobs == {"release_preorder"}  # no search before the release
    with services.sessions() as session:
        shown = session.get_one(Request, request_id).error_message
        assert shown == f"Release date {release.isoformat()}"  # the request card's line
    with services.sessions() as session:
        job = session.scalars(select(Job)).one()
        assert job.run_after == datetime.combine(release, time(0, 0), tzinfo=UTC)

    clock.set(datetime.combine(release, time(0, 0), tzinfo=UTC) - timedelta(minutes=1))
    assert runner.run_next("w") is False
    assert _state(services, request_id)[0] == RequestStatus.AWAITING_RELEASE

    clock.advance(timedelta(minutes=2))  # past midnight of the release date
    assert runner.run_next("w") is True
    status, jobs = _state(services, request_id)
    assert status == RequestStatus.PENDING
    assert "search_indexers" in jobs
    with services.sessions() as session:
        path = [(c.from_status, c.to_status) for c in status_history(session, request_id)]
    assert path == [
        (None, RequestStatus.PENDING),
        (RequestStatus.PENDING, RequestStatus.AWAITING_RELEASE),
        (RequestStatus.AWAITING_RELEASE, RequestStatus.PENDING),
    ]


def test_a_release_date_moved_later_waits_again(
    services: Services,
    runner: JobRunner,
    clock: FrozenClock,
    audible_fake: RunningFake,
    release: date,
) -> None:
    request_id = _preorder(services, audible_fake, user(services, "alice"))
    later = release + timedelta(days=10)
    with transaction(services.sessions) as session:
        session.scalars(select(Audiobook)).one().release_date = later.isoformat()
    clock.set(datetime.combine(release, time(1, 0), tzinfo=UTC))
    assert runner.run_next("w") is True
    assert _state(services, request_id) == (RequestStatus.AWAITING_RELEASE, {"release_preorder"})
    clock.set(datetime.combine(later, time(1, 0), tzinfo=UTC))
    assert runner.run_next("w") is True
    assert _state(services, request_id)[0] == RequestStatus.PENDING


def test_cancelled_preorder_is_not_searched(
    services: Services,
    runner: JobRunner,
    clock: FrozenClock,
    audible_fake: RunningFake,
    release: date,
) -> None:
    request_id = _preorder(services, audible_fake, user(services, "alice"))
    with transaction(services.sessions) as session:
        request = session.get_one(Request, request_id)
        transition(session, request, RequestStatus.CANCELLED, now=clock.now())
    clock.set(datetime.combine(release, time(1, 0), tzinfo=UTC))
    assert runner.run_next("w") is True
    status, jobs = _state(services, request_id)
    assert status == RequestStatus.CANCELLED and "search_indexers" not in jobs
