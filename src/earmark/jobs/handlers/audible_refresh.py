"""The audible_refresh job: refresh cached Audible popular and new-release lists."""

from __future__ import annotations

from typing import Any

from earmark.catalog.covers import ThumbnailStore
from earmark.catalog.refresh import refresh_catalog
from earmark.integrations.registry import BACKGROUND_RETRY, build_catalog_source
from earmark.jobs.payloads import AudibleRefresh
from earmark.jobs.support import needs_a_person, services_of
from earmark.queue.context import JobContext


def handle(ctx: JobContext, payload: AudibleRefresh) -> dict[str, Any] | None:
    services = services_of(ctx)
    with needs_a_person():
        return refresh_catalog(
            services.sessions,
            ThumbnailStore(services.settings.thumbnails_dir),
            ctx.log,
            build_catalog_source(services, BACKGROUND_RETRY),
            now=ctx.clock.now(),
        )
