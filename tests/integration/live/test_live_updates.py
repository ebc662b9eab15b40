"""Committed request and job changes reach live subscribers, on SQLite and PostgreSQL alike.

On PostgreSQL the change travels by LISTEN/NOTIFY, so a second set of services (another
process: a separate worker or web process) hears changes the first one commits.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

from earmark.db.engine import transaction
from earmark.live.broker import LiveBroker
from earmark.live.changes import Change
from earmark.queue.models import Job
from earmark.requests.models import Request
from earmark.requests.states import RequestStatus
from earmark.settings import BootSettings
from earmark.users.models import User
from earmark.wiring import Services, build_services
from tests.api.web.seed import add_request


def _user(services: Services, name: str) -> User:
    with transaction(services.sessions) as session:
        user = User(plex_id=f"plex-{name}", plex_username=name, role="user")
        session.add(user)
        session.flush()
        return user


def _received(
    broker: LiveBroker, viewer: User, is_admin: bool, write: Callable[[], object], wait: float
) -> set[Change]:
    """What a subscriber of `broker` (viewing as `viewer`) receives within `wait` after `write`."""

    async def scenario() -> set[Change]:
        subscription = broker.subscribe(str(viewer.id), is_admin)
        try:
            if broker.listens:
                assert await asyncio.to_thread(broker.listening.wait, 10), "LISTEN never started"
            await asyncio.to_thread(write)
            got = await subscription.next(wait)
            more = await subscription.next(0.3)  # changes of one commit may arrive in parts
            return got | more
        finally:
            broker.unsubscribe(subscription)

    # A thread of its own: a session-wide Playwright browser (sync API) keeps an event loop
    # running in the main thread while the browser tests' fixtures live, and asyncio.run refuses
    # to start inside it.
    with ThreadPoolExecutor(max_workers=1) as runner:
        return runner.submit(asyncio.run, scenario()).result()


def _set_status(services: Services, request_id: uuid.UUID, status: RequestStatus) -> None:
    with transaction(services.sessions) as session:
        request = session.get(Request, request_id)
        assert request is not None
        request.status = status


def test_a_committed_request_change_reaches_its_owner(services: Services) -> None:
    owner = _user(services, "owner")
    request_id = add_request(services, owner, "Live One", "pending")
    got = _received(
        services.live,
        owner,
        False,
        lambda: _set_status(services, request_id, RequestStatus.SEARCHING),
        wait=5,
    )
    assert Change(request_id=str(request_id), user_id=str(owner.id)) in got


def test_another_users_request_is_not_told_to_a_user_but_is_to_an_admin(
    services: Services,
) -> None:
    owner, other = _user(services, "owner"), _user(services, "other")
    request_id = add_request(services, owner, "Live Two", "pending")

    def change() -> None:
        _set_status(services, request_id, RequestStatus.SEARCHING)

    assert _received(services.live, other, False, change, wait=1.5) == set()
    admin_view = _received(
        services.live,
        other,
        True,
        lambda: _set_status(services, request_id, RequestStatus.DOWNLOADING),
        wait=5,
    )
    assert Change(request_id=str(request_id), user_id=str(owner.id)) in admin_view


def test_a_rolled_back_change_is_never_told(services: Services) -> None:
    owner = _user(services, "owner")
    request_id = add_request(services, owner, "Live Three", "pending")

    def change_then_fail() -> None:
        with pytest.raises(RuntimeError), transaction(services.sessions) as session:
            request = session.get(Request, request_id)
            assert request is not None
            request.progress = 40
            session.flush()
            raise RuntimeError("the job failed after flushing")

    assert _received(services.live, owner, False, change_then_fail, wait=1.5) == set()


def test_a_new_job_is_told_to_admins(services: Services) -> None:
    admin = _user(services, "admin")

    def queue_job() -> None:
        with transaction(services.sessions) as session:
            session.add(Job(type="search_indexers", status="pending", payload={}))

    got = _received(services.live, admin, True, queue_job, wait=5)
    assert Change(request_id=None, user_id=None) in got


@pytest.mark.postgres
def test_postgres_carries_changes_between_processes(
    services: Services, boot_settings: BootSettings
) -> None:
    if services.engine.dialect.name != "postgresql":
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's")
    owner = _user(services, "owner")
    request_id = add_request(services, owner, "Live Four", "pending")
    worker = build_services(boot_settings)  # another process's engine, sessions and broker
    try:
        got = _received(
            services.live,
            owner,
            False,
            lambda: _set_status(worker, request_id, RequestStatus.DOWNLOADING),
            wait=5,
        )
    finally:
        worker.close()
    assert Change(request_id=str(request_id), user_id=str(owner.id)) in got
