"""Sending the notices of committed transactions in the background.

`requests/notify.on_notice` hands each committed transaction's notices to `Dispatcher.submit`;
a small thread pool composes and sends them, so a web request or a pipeline job never waits for
a notification service, and a service that is down only costs a logged warning.

A send that fails is tried again later (`RETRY_DELAYS_SECONDS`: a service restarting or briefly
offline still gets the message), except when sending again cannot help (a URL Apprise does not
understand). The retries wait in this process: a message still waiting when Earmark stops is
logged as not sent.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from earmark.db.engine import SessionFactory
from earmark.notifications import sender
from earmark.notifications.messages import Message, compose, compose_release
from earmark.notifications.service import Audience, NotificationService, Target
from earmark.requests.models import Audiobook, Request
from earmark.requests.notify import AnyNotice, Notice, ReleaseNotice
from earmark.users.models import User

logger = logging.getLogger("earmark.notifications")

RETRY_DELAYS_SECONDS: Sequence[float] = (30.0, 120.0, 600.0)
"""How long to wait before each new try of a failed send (so at most four tries in ~13 minutes)."""


class Dispatcher:
    def __init__(
        self,
        sessions: SessionFactory,
        service: NotificationService,
        link_base: str | None,
        retry_delays: Sequence[float] = RETRY_DELAYS_SECONDS,
    ) -> None:
        self._sessions = sessions
        self._service = service
        self._link_base = link_base.rstrip("/") if link_base else None
        self._retry_delays = tuple(retry_delays)
        self._pool: ThreadPoolExecutor | None = None
        self._pending: set[Future[None]] = set()
        self._retries: set[threading.Timer] = set()
        self._lock = threading.Lock()

    def submit(self, notices: list[AnyNotice]) -> None:
        self._run(self._deliver_all, notices)

    def _run(self, work: Callable[..., None], *args: object) -> None:
        with self._lock:
            if self._pool is None:
                # One thread: notices go out in the order their changes were committed.
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="earmark-notify")
            future = self._pool.submit(work, *args)
            self._pending.add(future)
        future.add_done_callback(self._forget)

    def drain(self, timeout: float | None = None) -> None:
        """Wait until every notice submitted so far was sent or given up on (tests, shutdown)."""
        with self._lock:
            pending = list(self._pending)
        for future in pending:
            future.result(timeout)

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
            retries, self._retries = self._retries, set()
        for timer in retries:
            timer.cancel()
        if retries:
            logger.warning(
                "%d failed notification(s) were waiting for another try and are not sent: "
                "Earmark is stopping",
                len(retries),
            )
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=False)

    def _forget(self, future: Future[None]) -> None:
        with self._lock:
            self._pending.discard(future)

    def _deliver_all(self, notices: list[AnyNotice]) -> None:
        try:
            planned = self._plan_all(notices)
        except Exception:  # the database could not be read: nothing can be composed
            logger.exception("Could not read who to tell about %d change(s)", len(notices))
            return
        for notice, message, targets in planned:
            for target in targets:
                self._send_quietly(notice, message, target, 0)

    def _send(
        self, notice: AnyNotice, message: Message, target: Target, retries_done: int
    ) -> sender.SendResult:
        result = sender.send(target.url, message.title, message.body)
        if result.ok:
            if retries_done:
                logger.info(
                    "Notification %s about %s to %s was sent on try %d",
                    notice.event.value,
                    _subject(notice),
                    target.label,
                    retries_done + 1,
                )
            return result
        delay = self._next_delay(result, retries_done)
        logger.warning(
            "Notification %s about %s to %s failed (try %d): %s %s",
            notice.event.value,
            _subject(notice),
            target.label,
            retries_done + 1,
            result.error,
            f"Trying again in {delay:g} s." if delay is not None else "Not trying again.",
        )
        if delay is not None:
            self._retry_later(delay, notice, message, target, retries_done + 1)
        return result

    def _next_delay(self, result: sender.SendResult, retries_done: int) -> float | None:
        if not result.retryable or retries_done >= len(self._retry_delays):
            return None
        return self._retry_delays[retries_done]

    def _retry_later(
        self, delay: float, notice: AnyNotice, message: Message, target: Target, retries_done: int
    ) -> None:
        def due() -> None:
            with self._lock:
                self._retries.discard(timer)
                if self._pool is None:
                    return  # closed meanwhile
            self._run(self._send_quietly, notice, message, target, retries_done)

        timer = threading.Timer(delay, due)
        timer.daemon = True
        timer.name = "earmark-notify-retry"
        with self._lock:
            if self._pool is None:
                return
            self._retries.add(timer)
        timer.start()

    def _send_quietly(
        self, notice: AnyNotice, message: Message, target: Target, retries_done: int
    ) -> None:
        try:
            self._send(notice, message, target, retries_done)
        except Exception:  # a send that cannot be made never stops the next one
            logger.exception("Could not send the %s notification", notice.event.value)

    def _plan_all(self, notices: list[AnyNotice]) -> list[tuple[AnyNotice, Message, list[Target]]]:
        """Each notice's message and who receives it. The whole batch is read in five queries
        (a library scan commits hundreds of notices at once, and one notice at a time took five
        each). A notice nobody takes, or one that cannot be composed, is left out; the others
        still go."""
        with self._sessions() as session:
            batch = _Batch.read(session, self._service, notices)
        planned: list[tuple[AnyNotice, Message, list[Target]]] = []
        for notice, targets in batch.addressed:
            try:
                message = self._compose(notice, batch)
            except Exception:  # a notice that cannot be composed never stops the next one
                logger.exception("Could not compose the %s notification", notice.event.value)
                continue
            planned.append((notice, message, targets))
        return planned

    def _compose(self, notice: AnyNotice, batch: _Batch) -> Message:
        if isinstance(notice, ReleaseNotice):
            return compose_release(
                followed=notice.followed,
                title=notice.title,
                author=notice.author,
                release_date=notice.release_date,
                link=f"{self._link_base}/follows" if self._link_base else None,
            )
        request = batch.requests[notice.request_id]
        book = batch.books.get(request.audiobook_id)
        return compose(
            notice.event,
            title=book.title if book else "an audiobook",
            author=book.author if book else "",
            requester=batch.names.get(request.user_id) or "Someone",
            reason=notice.reason,
            link=self._link(request.id),
        )

    def _link(self, request_id: object) -> str | None:
        return f"{self._link_base}/requests#request-{request_id}" if self._link_base else None


class _RequestKeys(NamedTuple):
    id: uuid.UUID
    user_id: uuid.UUID
    audiobook_id: uuid.UUID


class _Book(NamedTuple):
    title: str
    author: str


@dataclass(frozen=True)
class _Batch:
    """What composing a batch of notices needs from the database, read in one session."""

    addressed: list[tuple[AnyNotice, list[Target]]]  # the notices someone takes, with whom
    requests: dict[uuid.UUID, _RequestKeys]
    books: dict[uuid.UUID, _Book]
    names: dict[uuid.UUID, str]  # requesters' names

    @classmethod
    def read(
        cls, session: Session, service: NotificationService, notices: list[AnyNotice]
    ) -> _Batch:
        request_ids = {n.request_id for n in notices if isinstance(n, Notice)}
        requests = _requests_of(session, request_ids) if request_ids else {}
        followers = {n.user_id for n in notices if isinstance(n, ReleaseNotice)}
        audience = service.audience(session, {r.user_id for r in requests.values()} | followers)
        addressed: list[tuple[AnyNotice, list[Target]]] = []
        for notice in notices:
            try:
                targets = _targets(notice, requests, audience)
            except Exception:  # one unreadable address (a secret sealed with another key)
                logger.exception("Could not read who takes the %s notification", notice.event.value)
                continue
            if targets:
                addressed.append((notice, targets))
        asked = [requests[n.request_id] for n, _ in addressed if isinstance(n, Notice)]
        return cls(
            addressed,
            requests,
            _books_of(session, {r.audiobook_id for r in asked}) if asked else {},
            _names_of(session, {r.user_id for r in asked}) if asked else {},
        )


def _targets(
    notice: AnyNotice, requests: dict[uuid.UUID, _RequestKeys], audience: Audience
) -> list[Target]:
    """Who takes `notice`: a follower for a release, the request's audience otherwise."""
    if isinstance(notice, ReleaseNotice):
        return audience.targets(notice.user_id, notice.event)
    request = requests.get(notice.request_id)
    if request is None:
        logger.debug("Notification %s: request %s is gone", notice.event, notice.request_id)
        return []
    targets = audience.targets(request.user_id, notice.event)
    if not targets:
        logger.debug("Notification %s: nobody takes it", notice.event)
    return targets


def _requests_of(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, _RequestKeys]:
    """Who made each request and for which book (only the keys: no request is loaded whole)."""
    query = select(Request.id, Request.user_id, Request.audiobook_id).where(Request.id.in_(ids))
    return {row.id: _RequestKeys(*row) for row in session.execute(query)}


def _books_of(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, _Book]:
    query = select(Audiobook.id, Audiobook.title, Audiobook.author).where(Audiobook.id.in_(ids))
    return {book_id: _Book(title, author) for book_id, title, author in session.execute(query)}


def _names_of(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    query = select(User.id, User.plex_username).where(User.id.in_(ids))
    return {user_id: name for user_id, name in session.execute(query)}


def _subject(notice: AnyNotice) -> str:
    """What a notice is about, for the log: its request, or the newly released book."""
    return str(notice.asin if isinstance(notice, ReleaseNotice) else notice.request_id)
