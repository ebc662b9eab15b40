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
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

from earmark.db.engine import SessionFactory
from earmark.notifications import sender
from earmark.notifications.messages import Message, compose, compose_release
from earmark.notifications.service import NotificationService, Target
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
        for notice in notices:
            try:
                self.deliver(notice)
            except Exception:  # a notice that cannot be read or sent never stops the next one
                logger.exception("Could not send the %s notification", notice.event.value)

    def deliver(self, notice: AnyNotice) -> list[tuple[Target, sender.SendResult]]:
        if isinstance(notice, ReleaseNotice):
            planned = self._plan_release(notice)
        else:
            planned = self._plan(notice)
        if planned is None:
            return []
        message, targets = planned
        return [(target, self._send(notice, message, target, 0)) for target in targets]

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
        except Exception:  # a retry that cannot be sent never stops the next one
            logger.exception("Could not send the %s notification", notice.event.value)

    def _plan(self, notice: Notice) -> tuple[Message, list[Target]] | None:
        with self._sessions() as session:
            request = session.get(Request, notice.request_id)
            if request is None:
                logger.debug("Notification %s: request %s is gone", notice.event, notice.request_id)
                return None
            targets = self._service.targets_for(session, request.user_id, notice.event)
            if not targets:
                logger.debug("Notification %s: nobody takes it", notice.event)
                return None
            book = session.get(Audiobook, request.audiobook_id)
            user = session.get(User, request.user_id)
            message = compose(
                notice.event,
                title=book.title if book else "an audiobook",
                author=book.author if book else "",
                requester=user.plex_username if user else "Someone",
                reason=notice.reason,
                link=self._link(request.id),
            )
            return message, targets

    def _plan_release(self, notice: ReleaseNotice) -> tuple[Message, list[Target]] | None:
        with self._sessions() as session:
            targets = self._service.targets_for(session, notice.user_id, notice.event)
        if not targets:
            return None
        link = f"{self._link_base}/follows" if self._link_base else None
        message = compose_release(
            followed=notice.followed,
            title=notice.title,
            author=notice.author,
            release_date=notice.release_date,
            link=link,
        )
        return message, targets

    def _link(self, request_id: object) -> str | None:
        return f"{self._link_base}/requests#request-{request_id}" if self._link_base else None


def _subject(notice: AnyNotice) -> str:
    """What a notice is about, for the log: its request, or the newly released book."""
    return str(notice.asin if isinstance(notice, ReleaseNotice) else notice.request_id)
