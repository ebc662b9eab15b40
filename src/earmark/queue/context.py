"""What a running handler sees: its job's identity, attempt, shared resources, clock and logger."""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import dataclass
from typing import Any

from earmark.core.clock import Clock
from earmark.core.logging_setup import redact
from earmark.db.engine import SessionFactory, transaction
from earmark.queue.models import JobEvent

_log = logging.getLogger("earmark.jobs")


class JobLogger:
    """Collects a job's events and writes them as job_events rows when the attempt ends.

    Handlers log while they hold a write transaction; on SQLite a second writer (an event in its
    own transaction) would wait for that one forever, so events are buffered and flushed by the
    runner after the handler returns or raises (the flush is its own transaction, so events of a
    failed attempt survive). Each event also goes to the process log at once.
    """

    def __init__(
        self, sessions: SessionFactory, job_id: uuid.UUID, context: str, clock: Clock
    ) -> None:
        self._sessions = sessions
        self._job_id = job_id
        self._context = context
        self._clock = clock
        self._pending: list[JobEvent] = []
        self._lock = threading.Lock()

    def info(self, message: str, **metadata: Any) -> None:
        self._write("info", message, metadata)

    def warn(self, message: str, **metadata: Any) -> None:
        self._write("warn", message, metadata)

    def error(self, message: str, **metadata: Any) -> None:
        self._write("error", message, metadata)

    def flush(self) -> None:
        with self._lock:
            events, self._pending = self._pending, []
        if events:
            with transaction(self._sessions) as session:
                session.add_all(events)

    def _write(self, level: str, message: str, metadata: dict[str, Any]) -> None:
        # Events are stored: a known secret or an `apikey=` in a message never reaches the row.
        message = redact(message)
        python_level = {"info": logging.INFO, "warn": logging.WARNING}.get(level, logging.ERROR)
        _log.log(python_level, "[%s] %s", self._context, message)
        event = JobEvent(
            job_id=self._job_id,
            level=level,
            context=self._context,
            message=message,
            event_metadata=metadata or None,
            created_at=self._clock.now(),
        )
        with self._lock:
            self._pending.append(event)


@dataclass(frozen=True)
class JobContext:
    job_id: uuid.UUID
    job_type: str
    request_id: uuid.UUID | None
    attempt: int
    max_attempts: int
    resources: Any
    clock: Clock
    log: JobLogger

    @property
    def is_final_attempt(self) -> bool:
        return self.attempt >= self.max_attempts
