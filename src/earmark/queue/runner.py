"""Run one job end to end: claim, build its context, call the handler, record the outcome."""

from __future__ import annotations

import logging
import random
import threading
import uuid
from collections.abc import Callable
from typing import Any

from earmark.core.clock import Clock
from earmark.db.engine import SessionFactory
from earmark.queue.backoff import BackoffPolicy
from earmark.queue.context import JobContext, JobLogger
from earmark.queue.engine import ClaimedJob, claim_next
from earmark.queue.errors import Reschedule
from earmark.queue.outcomes import record_failure, record_reschedule, record_success
from earmark.queue.registry import JobRegistry, JobSpec, concurrency_limits

log = logging.getLogger(__name__)


class JobRunner:
    """Shared by every worker thread of a process; remembers which leases it must renew."""

    def __init__(
        self,
        sessions: SessionFactory,
        registry: JobRegistry,
        *,
        resources: Any,
        clock: Clock,
        lease_seconds: float = 60.0,
        backoff: BackoffPolicy | None = None,
        draw: Callable[[], float] = random.random,
    ) -> None:
        self.sessions = sessions
        self.registry = registry
        self.resources = resources
        self.clock = clock
        self.lease_seconds = lease_seconds
        self.backoff = backoff or BackoffPolicy()
        self._draw = draw
        self._limits = concurrency_limits(registry)
        self._held: dict[uuid.UUID, str] = {}
        self._held_lock = threading.Lock()

    def held_leases(self) -> dict[uuid.UUID, str]:
        with self._held_lock:
            return dict(self._held)

    def run_next(self, worker_id: str) -> bool:
        """Run one runnable job if there is one; False when the queue had nothing for us."""
        claimed = claim_next(
            self.sessions,
            worker_id=worker_id,
            now=self.clock.now(),
            lease_seconds=self.lease_seconds,
            job_types=self.registry.keys(),
            limits=self._limits,
        )
        if claimed is None:
            return False
        with self._held_lock:
            self._held[claimed.id] = worker_id
        try:
            self._run_claimed(claimed, worker_id)
        finally:
            with self._held_lock:
                self._held.pop(claimed.id, None)
        return True

    def _run_claimed(self, claimed: ClaimedJob, worker_id: str) -> None:
        spec = self.registry[claimed.type]
        ctx = self.context_for(claimed)
        try:
            result = spec.run(ctx, claimed.payload)
        except Reschedule as signal:
            ctx.log.flush()
            record_reschedule(
                self.sessions, claimed, worker_id, signal, signal.note, self.clock.now()
            )
            return
        except Exception as exc:
            ctx.log.flush()
            outcome = record_failure(
                self.sessions,
                claimed,
                worker_id,
                exc,
                now=self.clock.now(),
                processor=spec.processor,
                policy=self.backoff,
                draw=self._draw,
            )
            if outcome.recorded and outcome.is_final:
                self.notify_final_failure(claimed, outcome.message)
            return
        ctx.log.flush()
        if not record_success(self.sessions, claimed, worker_id, result, self.clock.now()):
            log.warning("job %s finished after its lease was lost; result not recorded", claimed.id)

    def context_for(self, claimed: ClaimedJob) -> JobContext:
        processor = self.registry[claimed.type].processor
        return JobContext(
            job_id=claimed.id,
            job_type=claimed.type,
            request_id=claimed.request_id,
            attempt=claimed.attempt,
            max_attempts=claimed.max_attempts,
            resources=self.resources,
            clock=self.clock,
            log=JobLogger(self.sessions, claimed.id, processor, self.clock),
        )

    def notify_final_failure(self, claimed: ClaimedJob, message: str) -> None:
        """Call the type's final-failure hook once; its own errors are logged, not raised."""
        spec: JobSpec | None = self.registry.get(claimed.type)
        if spec is None or spec.on_final_failure is None:
            return
        ctx = self.context_for(claimed)
        try:
            spec.on_final_failure(ctx, message)
            ctx.log.flush()
        except Exception:
            log.exception("final-failure hook of job %s (%s) failed", claimed.id, claimed.type)
