"""The retry_failed_imports job: retry imports that failed for a reason that may have passed."""

from __future__ import annotations

from typing import Any

from earmark.downloads.maintenance import retry_imports
from earmark.jobs.payloads import RetryFailedImports
from earmark.jobs.support import services_of
from earmark.queue.context import JobContext


def handle(ctx: JobContext, payload: RetryFailedImports) -> dict[str, Any] | None:
    services = services_of(ctx)
    return dict(retry_imports(services.sessions, now=ctx.clock.now(), log=ctx.log))
