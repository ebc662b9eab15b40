"""Exceptions a job handler raises to steer the queue: retry later or fail for good."""

from __future__ import annotations


class RetryLater(Exception):
    """Try again later (after `delay_seconds`, or the backoff policy) while attempts remain."""

    def __init__(self, message: str, delay_seconds: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.delay_seconds = delay_seconds


class JobFailed(Exception):
    """Fail the job at once, without further attempts; the message is shown to people."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Reschedule(Exception):
    """Not finished, nothing failed: run this same job again after `delay_seconds`.

    Used by polling jobs (a download monitor); the attempt is not counted against max_attempts
    and the job keeps its dedupe key, so no second copy can be queued meanwhile.
    """

    def __init__(self, delay_seconds: float, note: str = "") -> None:
        super().__init__(note or f"check again in {delay_seconds:.0f} s")
        self.delay_seconds = delay_seconds
        self.note = note
