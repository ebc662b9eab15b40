"""Retries with exponential backoff for transient catalog failures (network, 429, 5xx)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from earmark.integrations.errors import IntegrationError, RateLimited

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4
    base_delay_seconds: float = 1.0
    max_delay_seconds: float = 60.0
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)

    def delay_for(self, attempt: int, error: IntegrationError) -> float:
        """Wait before retry number `attempt` (0-based); a server's Retry-After wins when longer."""
        # Jitter spreads retries from several workers so they do not hit the server together.
        backoff = self.base_delay_seconds * (2.0**attempt) * random.uniform(0.5, 1.5)
        if isinstance(error, RateLimited) and error.retry_after_seconds:
            backoff = max(backoff, error.retry_after_seconds)
        return min(backoff, self.max_delay_seconds)


def with_retries(policy: RetryPolicy, call: Callable[[], T]) -> T:
    """Run `call`, retrying transient integration errors; the last error is raised as-is."""
    for attempt in range(policy.attempts - 1):
        try:
            return call()
        except IntegrationError as error:
            if not error.transient:
                raise
            policy.sleep(policy.delay_for(attempt, error))
    return call()
