"""The check_follows job: a book new to a followed series reaches its followers (a real webhook
receiver), is requested for the follower who asked for that, and is told only once."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import select

from earmark.core.clock import FrozenClock
from earmark.db.engine import transaction
from earmark.demo.fakes.audible_series import SERIES_ASIN, SeriesCatalog
from earmark.jobs import enqueue_job
from earmark.jobs.payloads import CheckFollows
from earmark.jobs.registry import job_registry
from earmark.notifications.schemas import MyNotificationsIn
from earmark.queue.models import Job
from earmark.queue.runner import JobRunner
from earmark.requests.models import Audiobook, Request
from earmark.requests.notify import NotificationEvent
from earmark.requests.states import RequestStatus
from earmark.series import follows
from earmark.series.listing import fetch_books
from earmark.series.models import Follow, FollowedBook, FollowKind
from earmark.wiring import Services
from tests.fakes.audible_fixtures import RunningFake
from tests.harness.receivers import WebhookReceiver
from tests.series_support import series_source, user

NEW_ASIN = "B0LANTRN05"


@pytest.fixture
def series(audible_fake: RunningFake, monkeypatch: pytest.MonkeyPatch) -> SeriesCatalog:
    catalog: SeriesCatalog = audible_fake.app.state.series
    monkeypatch.setattr(catalog, "books", list(catalog.books))  # the server is shared: restore
    return catalog


def _follow(services: Services, fake: RunningFake, name: str, *, auto: bool) -> uuid.UUID:
    user_id = user(services, name)
    with series_source(fake) as source:
        title, pairs = fetch_books(source, FollowKind.SERIES, SERIES_ASIN)
    follows.follow(
        services.sessions,
        user_id,
        FollowKind.SERIES,
        SERIES_ASIN,
        title,
        [b for _, b in pairs],
        auto_request=auto,
        now=services.clock.now(),
    )
    return user_id


def _run_check(services: Services, clock: FrozenClock) -> dict[str, object]:
    only = {CheckFollows.job_type: job_registry()[CheckFollows.job_type]}  # not the searches
    runner = JobRunner(services.sessions, only, resources=services, clock=clock)
    with transaction(services.sessions) as session:
        job = enqueue_job(session, CheckFollows(), now=clock.now())
        job_id = job.id
    assert runner.run_next("w") is True
    with services.sessions() as session:
        finished = session.get_one(Job, job_id)
        assert finished.status == "completed", finished.error_message
        return dict(finished.result or {})


def test_new_book_notifies_followers_and_auto_requests(
    services: Services,
    clock: FrozenClock,
    audible_fake: RunningFake,
    series: SeriesCatalog,
    webhook_receiver: WebhookReceiver,
) -> None:
    services.clock = clock
    alice = _follow(services, audible_fake, "alice", auto=True)
    bob = _follow(services, audible_fake, "bob", auto=False)
    for who, path in ((alice, "alice"), (bob, "bob")):
        services.notifications.save_my_settings(
            who,
            MyNotificationsIn(
                url=webhook_receiver.url(path), events=[NotificationEvent.NEW_RELEASE]
            ),
        )
    assert _run_check(services, clock)["new_books"] == 0  # following saw today's books

    series.add_book(NEW_ASIN, "The Lantern Crown", "5", date(2025, 11, 4))
    summary = _run_check(services, clock)
    assert summary["new_books"] == 2 and summary["requested"] == 1
    services.notifier.drain(30)

    posts = webhook_receiver.wait_for_posts(2)
    assert all(
        "New from The Lantern Cycle: “The Lantern Crown” by Harriet Vance" in p["message"]
        for p in posts
    )
    with services.sessions() as session:
        requests = session.execute(
            select(Request.user_id, Request.status)
            .join(Audiobook)
            .where(Audiobook.audible_asin == NEW_ASIN)
        ).all()
        assert [(u, s) for u, s in requests] == [(alice, RequestStatus.PENDING)]
        news = session.scalars(select(FollowedBook).where(FollowedBook.is_new.is_(True))).all()
        assert {b.asin for b in news} == {NEW_ASIN}
        assert [b.title for _, b in follows.new_from_follows(session, bob)] == ["The Lantern Crown"]

    assert _run_check(services, clock)["new_books"] == 0  # told once
    services.notifier.drain(30)
    assert len(webhook_receiver.posts) == 2


def test_unreadable_follow_is_logged_and_others_still_checked(
    services: Services, clock: FrozenClock, audible_fake: RunningFake, series: SeriesCatalog
) -> None:
    services.clock = clock
    _follow(services, audible_fake, "alice", auto=False)
    carol = user(services, "carol")
    with transaction(services.sessions) as session:
        session.add(
            Follow(
                user_id=carol,
                kind=FollowKind.SERIES,
                key="B0GONESRSS",
                label="Gone",
            )
        )
    series.add_book(NEW_ASIN, "The Lantern Crown", "5", date(2025, 11, 4))
    summary = _run_check(services, clock)
    assert summary["new_books"] == 1
    assert summary["unreadable"] == 1
