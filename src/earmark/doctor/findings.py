"""What one doctor check found: an outcome, what is wrong, and what to change."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Outcome(StrEnum):
    OK = "ok"
    WARN = "warn"  # works, but something will bite later (little disk space, copies not links)
    FAIL = "fail"  # does not work as configured
    SKIPPED = "skipped"  # not configured, so nothing to check


@dataclass(frozen=True)
class Finding:
    check: str
    outcome: Outcome
    message: str
    fix: str = ""

    @property
    def failed(self) -> bool:
        return self.outcome is Outcome.FAIL
