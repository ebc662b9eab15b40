"""The retry_missing_torrents job: search again for requests still waiting for a release."""

from __future__ import annotations

from typing import Any

from earmark.downloads.maintenance import retry_missing
from earmark.jobs.payloads import RetryMissingTorrents
from earmark.jobs.support import services_of
from earmark.queue.context import JobContext


def handle(ctx: JobContext, payload: RetryMissingTorrents) -> dict[str, Any] | None:
    services = services_of(ctx)
    return dict(retry_missing(services.sessions, now=ctx.clock.now(), log=ctx.log))
