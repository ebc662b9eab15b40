"""Sending the notices of committed transactions in the background.

`requests/notify.on_notice` hands each committed transaction's notices to `Dispatcher.submit`;
a small thread pool composes and sends them, so a web request or a pipeline job never waits for
a notification service, and a service that is down only costs a logged warning.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from earmark.db.engine import SessionFactory
from earmark.notifications import sender
from earmark.notifications.messages import Message, compose, compose_release
from earmark.notifications.service import NotificationService, Target
from earmark.requests.models import Audiobook, Request
from earmark.requests.notify import AnyNotice, Notice, ReleaseNotice
from earmark.users.models import User

logger = logging.getLogger("earmark.notifications")


class Dispatcher:
    def __init__(
        self, sessions: SessionFactory, service: NotificationService, link_base: str | None
    ) -> None:
        self._sessions = sessions
        self._service = service
        self._link_base = link_base.rstrip("/") if link_base else None
        self._pool: ThreadPoolExecutor | None = None
        self._pending: set[Future[None]] = set()
        self._lock = threading.Lock()

    def submit(self, notices: list[AnyNotice]) -> None:
        with self._lock:
            if self._pool is None:
                # One thread: notices go out in the order their changes were committed.
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="earmark-notify")
            future = self._pool.submit(self._deliver_all, notices)
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
        outcomes = []
        for target in targets:
            result = sender.send(target.url, message.title, message.body)
            if not result.ok:
                logger.warning(
                    "Notification %s about %s to %s failed: %s",
                    notice.event.value,
                    getattr(notice, "request_id", None) or getattr(notice, "asin", None),
                    target.label,
                    result.error,
                )
            outcomes.append((target, result))
        return outcomes

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
