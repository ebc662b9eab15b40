"""What a running handler sees: its job's identity, attempt, shared resources, clock and logger."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Any

from earmark.core.clock import Clock
from earmark.db.engine import SessionFactory, transaction
from earmark.queue.models import JobEvent

_log = logging.getLogger("earmark.jobs")


class JobLogger:
    """Writes job_events rows, each in its own short transaction so they survive a failed job."""

    def __init__(
        self, sessions: SessionFactory, job_id: uuid.UUID, context: str, clock: Clock
    ) -> None:
        self._sessions = sessions
        self._job_id = job_id
        self._context = context
        self._clock = clock

    def info(self, message: str, **metadata: Any) -> None:
        self._write("info", message, metadata)

    def warn(self, message: str, **metadata: Any) -> None:
        self._write("warn", message, metadata)

    def error(self, message: str, **metadata: Any) -> None:
        self._write("error", message, metadata)

    def _write(self, level: str, message: str, metadata: dict[str, Any]) -> None:
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
        with transaction(self._sessions) as session:
            session.add(event)


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
