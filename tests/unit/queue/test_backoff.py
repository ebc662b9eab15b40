"""Backoff policy: exponential growth, cap, and jitter bounds."""

from __future__ import annotations

import pytest

from earmark.queue.backoff import BackoffPolicy
from earmark.queue.errors import JobFailed, RetryLater
from earmark.queue.outcomes import judge


def test_backoff_without_jitter_doubles_per_attempt() -> None:
    policy = BackoffPolicy(base_seconds=10, factor=2, max_seconds=1000, jitter_ratio=0.2)
    delays = [policy.delay_seconds(attempt, lambda: 0.0) for attempt in (1, 2, 3, 4)]
    assert delays == [10, 20, 40, 80]


def test_backoff_large_attempt_is_capped() -> None:
    policy = BackoffPolicy(base_seconds=10, factor=2, max_seconds=300, jitter_ratio=0.0)
    assert policy.delay_seconds(500, lambda: 0.5) == 300


@pytest.mark.parametrize("draw", [0.0, 0.5, 0.999])
def test_backoff_jitter_stays_within_ratio(draw: float) -> None:
    policy = BackoffPolicy(base_seconds=100, factor=2, max_seconds=1000, jitter_ratio=0.2)
    delay = policy.delay_seconds(1, lambda: draw)
    assert delay == pytest.approx(100 * (1 + 0.2 * draw))


class _Transient(Exception):
    transient = True
    retry_after_seconds = 42


class _Permanent(Exception):
    transient = False


def test_judge_job_failed_is_not_retryable() -> None:
    verdict = judge(JobFailed("no indexer configured"))
    assert (verdict.retryable, verdict.message, verdict.stack_trace) == (
        False,
        "no indexer configured",
        None,
    )


def test_judge_retry_later_keeps_requested_delay() -> None:
    verdict = judge(RetryLater("still downloading", delay_seconds=15))
    assert verdict.retryable and verdict.delay_seconds == 15


def test_judge_transient_error_uses_retry_after() -> None:
    verdict = judge(_Transient("slow down"))
    assert verdict.retryable and verdict.delay_seconds == 42


def test_judge_non_transient_error_fails_at_once_with_trace() -> None:
    try:
        raise _Permanent("bad api key")
    except _Permanent as exc:
        verdict = judge(exc)
    assert not verdict.retryable
    assert verdict.stack_trace is not None and "_Permanent" in verdict.stack_trace


def test_judge_unexpected_error_is_retryable() -> None:
    assert judge(ValueError("boom")).retryable
