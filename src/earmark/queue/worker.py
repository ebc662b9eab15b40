"""Worker threads that drain the queue, plus one maintenance thread for leases and schedules."""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass

from earmark.queue.leases import LEASE_LOST_MESSAGE, reap_expired, renew_leases
from earmark.queue.runner import JobRunner
from earmark.queue.scheduler import fire_due

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PoolTiming:
    """Seconds between polls of an empty queue and between maintenance passes (lease renewal
    happens on each pass, so keep it well under the lease length)."""

    idle_poll_seconds: float = 1.0
    maintenance_seconds: float = 5.0


def worker_id_for(thread_name: str) -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{thread_name}"


class WorkerPool:
    """`threads` workers sharing one JobRunner; `stop()` lets running jobs finish first."""

    def __init__(
        self,
        runner: JobRunner,
        *,
        threads: int,
        timing: PoolTiming | None = None,
        run_scheduler: bool = True,
    ) -> None:
        self.runner = runner
        self.thread_count = threads
        self.timing = timing or PoolTiming()
        self.run_scheduler = run_scheduler
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        self._stop.clear()
        for index in range(self.thread_count):
            self._spawn(f"worker-{index + 1}", self._work_loop)
        self._spawn("queue-maintenance", self._maintenance_loop)
        log.info("job worker started with %d thread(s)", self.thread_count)

    def request_stop(self) -> None:
        """Ask the threads to stop after their current job; safe inside a signal handler."""
        self._stop.set()

    def stop(self, timeout_seconds: float = 30.0) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout_seconds)
        self._threads.clear()
        log.info("job worker stopped")

    def wait(self) -> None:
        """Block until request_stop() or stop() is called (from a thread or signal handler)."""
        while not self._stop.wait(1.0):
            pass

    def _spawn(self, name: str, target: Callable[[str], None]) -> None:
        thread = threading.Thread(target=target, args=(name,), name=name, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _work_loop(self, name: str) -> None:
        worker_id = worker_id_for(name)
        while not self._stop.is_set():
            try:
                ran = self.runner.run_next(worker_id)
            except Exception:
                # A database hiccup must not kill the thread; wait and poll again.
                log.exception("worker %s could not claim or record a job", worker_id)
                ran = False
            if not ran:
                self._stop.wait(self.timing.idle_poll_seconds)

    def _maintenance_loop(self, _name: str) -> None:
        while not self._stop.is_set():
            try:
                self.maintain()
            except Exception:
                log.exception("queue maintenance pass failed")
            self._stop.wait(self.timing.maintenance_seconds)

    def maintain(self) -> None:
        """One pass: renew our leases, reap expired ones, fire due schedules."""
        runner = self.runner
        now = runner.clock.now()
        renew_leases(
            runner.sessions, runner.held_leases(), now=now, lease_seconds=runner.lease_seconds
        )
        for failed in reap_expired(runner.sessions, now=now):
            runner.notify_final_failure(failed, LEASE_LOST_MESSAGE)
        if self.run_scheduler:
            fire_due(runner.sessions, now=now)
