"""Test helpers: registries of small handlers and a runner wired to the test services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from earmark.core.clock import Clock
from earmark.queue.context import JobContext
from earmark.queue.registry import FinalFailureHook, JobSpec
from earmark.queue.runner import JobRunner
from earmark.wiring import Services

Handler = Callable[[JobContext, dict[str, Any]], "dict[str, Any] | None"]


def spec(
    job_type: str,
    handler: Handler,
    *,
    limit: int | None = None,
    on_final_failure: FinalFailureHook | None = None,
) -> JobSpec:
    return JobSpec(job_type, "TestProcessor", handler, limit, on_final_failure)


def runner_for(
    services: Services,
    specs: list[JobSpec],
    clock: Clock,
    *,
    lease_seconds: float = 60.0,
    draw: Callable[[], float] = lambda: 0.0,
) -> JobRunner:
    return JobRunner(
        services.sessions,
        {s.job_type: s for s in specs},
        resources=services,
        clock=clock,
        lease_seconds=lease_seconds,
        draw=draw,
    )


def record_result(ctx: JobContext, payload: dict[str, Any]) -> dict[str, Any]:
    ctx.log.info("ran", attempt=ctx.attempt)
    return {"echo": payload}
