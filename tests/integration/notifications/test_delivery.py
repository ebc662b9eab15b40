"""Request events reach admin channels and the requester's own addresses through real local
receivers; a receiver that is down is logged and the request goes on; Apprise loads lazily."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import event, update

from earmark.db.engine import transaction
from earmark.notifications.dispatch import Dispatcher
from earmark.notifications.models import UserNotificationSettings
from earmark.notifications.schemas import ChannelIn, MyNotificationsIn
from earmark.notifications.sender import send as send_once
from earmark.requests.models import Request
from earmark.requests.notify import Notice, NotificationEvent, notify_event
from earmark.requests.schemas import NewBook
from earmark.requests.service import advance, create_request
from earmark.requests.states import RequestStatus
from earmark.users.models import User
from earmark.wiring import Services
from tests.harness.receivers import SmtpReceiver, WebhookReceiver, free_port

E = NotificationEvent
BOOK = NewBook(asin="B0036UC5QY", title="Foundation", author="Isaac Asimov")


def _user(services: Services, name: str) -> uuid.UUID:
    with transaction(services.sessions) as session:
        user = User(plex_id=f"plex-{name}", plex_username=name, role="user")
        session.add(user)
        session.flush()
        return user.id


def _request(services: Services, user_id: uuid.UUID) -> uuid.UUID:
    with transaction(services.sessions) as session:
        request = create_request(
            session, user_id, BOOK, now=services.clock.now(), owned=lambda _s, _b: False
        )
        return request.id


def _move(
    services: Services, request_id: uuid.UUID, *path: RequestStatus, reason: str = ""
) -> None:
    with transaction(services.sessions) as session:
        request = session.get(Request, request_id)
        assert request is not None
        for status in path:
            advance(session, request, status, now=services.clock.now(), reason=reason or None)


def _channel(services: Services, name: str, url: str, *events: E, relay: bool = False) -> None:
    services.notifications.create_channel(
        ChannelIn(name=name, url=url, events=list(events), sends_user_email=relay)
    )


def test_available_reaches_admin_webhook_and_requesters_email(
    services: Services, webhook_receiver: WebhookReceiver, smtp_receiver: SmtpReceiver
) -> None:
    _channel(services, "Household hook", webhook_receiver.url(), E.AVAILABLE)
    _channel(services, "Mail server", smtp_receiver.url(), relay=True)  # relays, hears nothing
    reader = _user(services, "reader")
    services.notifications.save_my_settings(
        reader, MyNotificationsIn(email="reader@example.org", events=[E.AVAILABLE])
    )
    request_id = _request(services, reader)
    _move(services, request_id, RequestStatus.SEARCHING, RequestStatus.DOWNLOADING)
    _move(services, request_id, RequestStatus.PROCESSING, RequestStatus.DOWNLOADED)
    _move(services, request_id, RequestStatus.AVAILABLE)
    services.notifier.drain(30)

    [post] = webhook_receiver.wait_for_posts()
    assert post["title"].startswith("Available: Foundation")
    assert "“Foundation” by Isaac Asimov is available in the library." in post["message"]
    assert "Requested by reader." in post["message"]
    [mail] = smtp_receiver.wait_for_mail()
    assert mail.recipients == ["reader@example.org"]
    assert "Available: Foundation" in mail.subject
    assert "Isaac Asimov" in mail.text


def test_each_channel_hears_only_its_events_and_failures_carry_the_reason(
    services: Services, webhook_receiver: WebhookReceiver
) -> None:
    _channel(services, "Failures", webhook_receiver.url("failures"), E.FAILED, E.REQUEST_MADE)
    request_id = _request(services, _user(services, "reader"))
    _move(services, request_id, RequestStatus.SEARCHING, RequestStatus.DOWNLOADING)
    _move(
        services, request_id, RequestStatus.FAILED, reason="No release matched the book's length."
    )
    services.notifier.drain(30)

    made, failed = webhook_receiver.wait_for_posts(2)
    assert "reader requested “Foundation” by Isaac Asimov." in made["message"]
    assert failed["title"].startswith("Failed: Foundation")
    assert "Reason: No release matched the book's length." in failed["message"]
    assert len(webhook_receiver.posts) == 2  # "downloading" was not chosen


def test_requester_hears_only_about_own_requests_at_own_url(
    services: Services, webhook_receiver: WebhookReceiver
) -> None:
    alice, bob = _user(services, "alice"), _user(services, "bob")
    services.notifications.save_my_settings(
        alice, MyNotificationsIn(url=webhook_receiver.url("alice"), events=[E.DOWNLOADING])
    )
    _move(services, _request(services, bob), RequestStatus.SEARCHING, RequestStatus.DOWNLOADING)
    services.notifier.drain(30)
    assert webhook_receiver.posts == []

    with transaction(services.sessions) as session:
        request = create_request(
            session,
            alice,
            NewBook(asin="B00ALICE01", title="Dune", author="Frank Herbert"),
            now=services.clock.now(),
            owned=lambda _s, _b: False,
        )
        advance(session, request, RequestStatus.SEARCHING, now=services.clock.now())
        advance(session, request, RequestStatus.DOWNLOADING, now=services.clock.now())
    services.notifier.drain(30)
    [post] = webhook_receiver.wait_for_posts()
    assert "“Dune” by Frank Herbert is downloading." in post["message"]


def test_approval_events_are_announced_with_the_note(
    services: Services, webhook_receiver: WebhookReceiver
) -> None:
    _channel(services, "Approvals", webhook_receiver.url(), E.DECLINED)
    request_id = _request(services, _user(services, "teen"))
    with transaction(services.sessions) as session:
        notify_event(session, request_id, E.DECLINED, "Not before your exams.")
    services.notifier.drain(30)
    [post] = webhook_receiver.wait_for_posts()
    assert "The request for “Foundation” by Isaac Asimov was declined." in post["message"]
    assert "Note: Not before your exams." in post["message"]


def test_a_rolled_back_change_tells_nobody(
    services: Services, webhook_receiver: WebhookReceiver
) -> None:
    _channel(services, "Everything", webhook_receiver.url(), *E)
    request_id = _request(services, _user(services, "reader"))
    services.notifier.drain(30)
    webhook_receiver.wait_for_posts(1)  # request made
    with pytest.raises(RuntimeError), transaction(services.sessions) as session:
        notify_event(session, request_id, E.FAILED, "never happened")
        raise RuntimeError("the change is abandoned")
    _move(services, request_id, RequestStatus.SEARCHING, RequestStatus.DOWNLOADING)
    services.notifier.drain(30)
    posts = webhook_receiver.wait_for_posts(2)
    assert [p["title"].split(":")[0] for p in posts] == ["Request made", "Downloading"]


def test_receiver_down_is_logged_and_the_request_goes_on(
    services: Services, webhook_receiver: WebhookReceiver, caplog: pytest.LogCaptureFixture
) -> None:
    dead = f"json://127.0.0.1:{free_port()}/hook?token=s3cr3t-token-value"
    _channel(services, "Dead hook", dead, E.DOWNLOADING)
    _channel(services, "Live hook", webhook_receiver.url(), E.DOWNLOADING)
    request_id = _request(services, _user(services, "reader"))
    with caplog.at_level(logging.WARNING, logger="earmark.notifications"):
        _move(services, request_id, RequestStatus.SEARCHING, RequestStatus.DOWNLOADING)
        _move(services, request_id, RequestStatus.PROCESSING)
        services.notifier.drain(30)

    with services.sessions() as session:
        request = session.get(Request, request_id)
        assert request is not None and request.status == RequestStatus.PROCESSING
    [post] = webhook_receiver.wait_for_posts()
    assert "is downloading" in post["message"]
    failures = [r.getMessage() for r in caplog.records if "failed" in r.getMessage()]
    assert len(failures) == 1, caplog.text
    assert "channel 'Dead hook'" in failures[0] and "downloading" in failures[0]
    assert "s3cr3t-token-value" not in caplog.text


def test_apprise_is_not_imported_until_something_is_sent() -> None:
    code = (
        "import sys, earmark.app, earmark.jobs.registry, earmark.notifications.dispatch;"
        "print('apprise' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "False"


class _FlakyHook:
    """A webhook that answers 503 to its first `failures` posts, then takes them."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.answers: list[int] = []
        self.accepted: list[dict[str, object]] = []
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status = 503 if len(hook.answers) < hook.failures else 200
                hook.answers.append(status)
                if status == 200:
                    hook.accepted.append(json.loads(body or b"{}"))
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self) -> str:
        return f"json://127.0.0.1:{self.server.server_address[1]}/hook"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _wait_until(condition: Callable[[], bool], seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.05)


def test_a_failed_send_is_tried_again_until_the_service_takes_it(
    services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    hook = _FlakyHook(failures=2)
    notifier = Dispatcher(services.sessions, services.notifications, None, retry_delays=(0.2, 0.2))
    try:
        _channel(services, "Flaky hook", hook.url(), E.AVAILABLE)
        request_id = _request(services, _user(services, "reader"))
        with caplog.at_level(logging.INFO, logger="earmark.notifications"):
            notifier.submit([Notice(request_id, E.AVAILABLE)])
            _wait_until(lambda: len(hook.accepted) == 1)
    finally:
        notifier.close()
        hook.close()
    assert hook.answers == [503, 503, 200]
    assert "Available" in str(hook.accepted[0]["title"])
    assert "was sent on try 3" in caplog.text


def test_sends_stop_after_the_last_retry_and_a_url_apprise_rejects_is_not_retried(
    services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    hook = _FlakyHook(failures=99)
    notifier = Dispatcher(services.sessions, services.notifications, None, retry_delays=(0.1,))
    try:
        _channel(services, "Down hook", hook.url(), E.AVAILABLE)
        request_id = _request(services, _user(services, "reader"))
        with caplog.at_level(logging.WARNING, logger="earmark.notifications"):
            notifier.submit([Notice(request_id, E.AVAILABLE)])
            _wait_until(lambda: "Not trying again" in caplog.text)
            time.sleep(0.5)  # a third try would have come by now
    finally:
        notifier.close()
        hook.close()
    assert hook.answers == [503, 503]

    result = send_once("nonsense-scheme://somewhere", "title", "body")
    assert not result.ok and not result.retryable


def test_a_batch_of_notices_is_read_in_a_few_queries_and_each_reaches_its_audience(
    services: Services, webhook_receiver: WebhookReceiver
) -> None:
    # A library scan commits hundreds of "available" notices at once: who hears about them and
    # what the messages say are read for the whole batch, not five queries per notice.
    _channel(services, "Household hook", webhook_receiver.url(), E.AVAILABLE)
    readers = {name: _user(services, name) for name in ("alice", "bob", "carol")}
    services.notifications.save_my_settings(
        readers["alice"], MyNotificationsIn(url=webhook_receiver.url("alice"), events=[E.AVAILABLE])
    )
    request_ids: list[uuid.UUID] = []
    with transaction(services.sessions) as session:
        for n in range(12):
            name = list(readers)[n % 3]
            book = NewBook(asin=f"B00BATCH{n:02d}", title=f"Batch Book {n}", author="An Author")
            request = create_request(
                session, readers[name], book, now=services.clock.now(), owned=lambda _s, _b: False
            )
            request_ids.append(request.id)
    services.notifier.drain(30)  # "requested" went to nobody (the channel hears "available")
    selects: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            selects.append(statement)

    event.listen(services.engine, "before_cursor_execute", count)
    try:
        with transaction(services.sessions) as session:
            for request_id in request_ids:
                notify_event(session, request_id, E.AVAILABLE)
        services.notifier.drain(30)
    finally:
        event.remove(services.engine, "before_cursor_execute", count)

    posts = webhook_receiver.wait_for_posts(16)  # 12 to the channel, alice's 4 to her own URL
    assert len(selects) <= 5, selects
    assert sorted(p["title"] for p in posts) == sorted(
        [f"Available: Batch Book {n} (Earmark)" for n in range(12)]
        + [f"Available: Batch Book {n} (Earmark)" for n in range(0, 12, 3)]
    )
    for name in readers:
        mentioned = [p for p in posts if f"Requested by {name}." in p["message"]]
        assert len(mentioned) == (8 if name == "alice" else 4)


def test_an_address_that_cannot_be_opened_stops_only_its_own_notices(
    services: Services, webhook_receiver: WebhookReceiver, caplog: pytest.LogCaptureFixture
) -> None:
    alice, bob = _user(services, "alice"), _user(services, "bob")
    for user in (alice, bob):
        services.notifications.save_my_settings(
            user, MyNotificationsIn(url=webhook_receiver.url(), events=[E.AVAILABLE])
        )
    requests = {user: _request(services, user) for user in (alice, bob)}
    services.notifier.drain(30)
    with transaction(services.sessions) as session:  # alice's URL, sealed with another key
        session.execute(
            update(UserNotificationSettings)
            .where(UserNotificationSettings.user_id == alice)
            .values(url_encrypted="enc:v1:00000000:AAAA")
        )
    with (
        caplog.at_level(logging.ERROR, logger="earmark.notifications"),
        transaction(services.sessions) as session,
    ):
        for request_id in requests.values():
            notify_event(session, request_id, E.AVAILABLE)
    services.notifier.drain(30)

    [post] = webhook_receiver.wait_for_posts()
    assert "Requested by bob." in post["message"]
    assert "Could not read who takes the available notification" in caplog.text
