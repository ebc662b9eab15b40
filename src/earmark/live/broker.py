"""One process's fan-out of changes to its open event streams, fed in-process or by LISTEN."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Iterable

from sqlalchemy import Engine

from earmark.live.changes import EVERYTHING, Change, decode

log = logging.getLogger(__name__)

CHANNEL = "earmark_live"
_LISTEN_POLL_SECONDS = 1.0
_RECONNECT_SECONDS = 2.0


class Subscription:
    """One event stream's inbox: the changes its viewer may see, gathered until it reads them."""

    def __init__(self, loop: asyncio.AbstractEventLoop, user_id: str, is_admin: bool) -> None:
        self.loop = loop
        self.user_id = user_id
        self.is_admin = is_admin
        self.closed = False
        self._pending: set[Change] = set()
        self._wake = asyncio.Event()

    def offer(self, changes: Iterable[Change]) -> None:
        """Called from any thread: keep what this viewer may see and wake the stream."""
        visible = {c for c in changes if c.visible_to(self.user_id, self.is_admin)}
        if visible:
            self.loop.call_soon_threadsafe(self._deliver, visible)

    def close(self) -> None:
        self.closed = True
        self.loop.call_soon_threadsafe(self._wake.set)

    def _deliver(self, changes: set[Change]) -> None:
        self._pending |= changes
        self._wake.set()

    async def next(self, timeout: float) -> set[Change]:
        """The changes since the last call (empty after `timeout` seconds with none)."""
        try:
            await asyncio.wait_for(self._wake.wait(), timeout)
        except TimeoutError:
            return set()
        self._wake.clear()
        taken, self._pending = self._pending, set()
        return taken


class LiveBroker:
    """Hands every change to the open streams of this process.

    With `listen_to` (PostgreSQL) a background thread LISTENs for changes committed by any
    process; it starts with the first stream, so a worker-only process never opens it. Without,
    changes are published in-process after each commit (the embedded SQLite process).
    """

    def __init__(self, listen_to: Engine | None = None) -> None:
        self._engine = listen_to
        self._lock = threading.Lock()
        self._subscriptions: set[Subscription] = set()
        self._listener: threading.Thread | None = None
        self._stop = threading.Event()
        self.listening = threading.Event()
        """Set while LISTEN is in place (PostgreSQL); tests and start-up wait on it."""

    @property
    def listens(self) -> bool:
        return self._engine is not None

    def subscribe(self, user_id: str, is_admin: bool) -> Subscription:
        """A new stream's subscription; call from the stream's event loop."""
        subscription = Subscription(asyncio.get_running_loop(), user_id, is_admin)
        with self._lock:
            self._subscriptions.add(subscription)
        self.start()
        return subscription

    def start(self) -> None:
        """Start listening (PostgreSQL; a web process at start-up); a no-op once started."""
        with self._lock:
            if self._engine is None or self._listener is not None or self._stop.is_set():
                return
            self._listener = threading.Thread(
                target=self._listen, name="earmark-live-listen", daemon=True
            )
            self._listener.start()

    def unsubscribe(self, subscription: Subscription) -> None:
        with self._lock:
            self._subscriptions.discard(subscription)

    def publish(self, changes: Iterable[Change]) -> None:
        """Thread-safe: offer `changes` to every open stream."""
        batch = list(changes)
        with self._lock:
            subscriptions = list(self._subscriptions)
        for subscription in subscriptions:
            subscription.offer(batch)

    def close(self) -> None:
        """End every open stream and the listener (server shutdown)."""
        self._stop.set()
        with self._lock:
            subscriptions = list(self._subscriptions)
            self._subscriptions.clear()
        for subscription in subscriptions:
            subscription.close()

    def _listen(self) -> None:
        assert self._engine is not None
        missed_some = False
        while not self._stop.is_set():
            try:
                raw = self._engine.raw_connection()
                connection = raw.driver_connection
                raw.detach()  # a dedicated connection: LISTEN must not go back to the pool
                connection.autocommit = True  # type: ignore[union-attr]
                connection.execute(f"LISTEN {CHANNEL}")  # type: ignore[union-attr]
                self.listening.set()
                if missed_some:
                    self.publish([EVERYTHING])  # changes made while we were not listening
                try:
                    while not self._stop.is_set():
                        notices = connection.notifies(timeout=_LISTEN_POLL_SECONDS)  # type: ignore[union-attr]
                        for notice in notices:
                            self.publish(decode(notice.payload))
                finally:
                    self.listening.clear()
                    raw.close()
            except Exception as exc:  # a lost connection must not end live updates
                log.warning("live updates: listening failed (%s); retrying", type(exc).__name__)
                missed_some = True
                self._stop.wait(_RECONNECT_SECONDS)
