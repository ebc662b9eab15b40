"""Retry delays: exponential in the attempt number, capped, with random jitter on top."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class BackoffPolicy:
    """delay = min(base * factor ** (attempt - 1), max) * (1 + jitter_ratio * r), r in [0, 1)."""

    base_seconds: float = 30.0
    factor: float = 2.0
    max_seconds: float = 3600.0
    jitter_ratio: float = 0.2

    def delay_seconds(self, attempt: int, draw: Callable[[], float] = random.random) -> float:
        exponent = max(attempt, 1) - 1
        # Cap the exponent too, so a huge attempt count cannot overflow the float.
        raw = self.base_seconds * self.factor ** min(exponent, 64)
        return min(raw, self.max_seconds) * (1.0 + self.jitter_ratio * draw())
