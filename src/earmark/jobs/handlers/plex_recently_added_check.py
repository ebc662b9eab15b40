"""The plex_recently_added_check job: pick up Plex's newest items and match requests."""

from __future__ import annotations

from typing import Any

from earmark.integrations.registry import (
    build_media_server,
    media_library,
    media_server_configured,
)
from earmark.jobs.payloads import PlexRecentlyAddedCheck
from earmark.jobs.support import needs_a_person, services_of
from earmark.library.scan import check_recently_added
from earmark.queue.context import JobContext


def handle(ctx: JobContext, payload: PlexRecentlyAddedCheck) -> dict[str, Any] | None:
    services = services_of(ctx)
    if not media_server_configured(services):
        ctx.log.warn("The media server is not configured yet; recently-added check skipped")
        return {"skipped": True}
    with needs_a_person():
        server, library = build_media_server(services), media_library(services)
        report = check_recently_added(services, server, library, ctx.log)
    return {
        "new": report.new_count,
        "updated": report.updated_count,
        "matched": len(report.matched),
    }
