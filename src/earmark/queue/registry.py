"""How the queue learns what to run: one JobSpec per job type, supplied by the application."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from earmark.queue.context import JobContext

JobHandler = Callable[[JobContext, dict[str, Any]], "dict[str, Any] | None"]
FinalFailureHook = Callable[[JobContext, str], None]


@dataclass(frozen=True)
class JobSpec:
    """A job type as the queue sees it; `run` receives the stored payload as a plain dict."""

    job_type: str
    processor: str
    run: JobHandler
    concurrency_limit: int | None = None
    on_final_failure: FinalFailureHook | None = None


JobRegistry = Mapping[str, JobSpec]


def concurrency_limits(registry: JobRegistry) -> dict[str, int]:
    return {
        spec.job_type: spec.concurrency_limit
        for spec in registry.values()
        if spec.concurrency_limit is not None
    }
