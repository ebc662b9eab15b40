"""The plex_library_scan job: refresh the whole library cache from Plex and match requests."""

from __future__ import annotations

from typing import Any

from earmark.integrations.registry import (
    build_media_server,
    media_library,
    media_server_configured,
)
from earmark.jobs.payloads import PlexLibraryScan
from earmark.jobs.support import needs_a_person, services_of
from earmark.library.scan import scan_library
from earmark.queue.context import JobContext


def handle(ctx: JobContext, payload: PlexLibraryScan) -> dict[str, Any] | None:
    services = services_of(ctx)
    if not media_server_configured(services):
        ctx.log.warn("The media server is not configured yet; library scan skipped")
        return {"skipped": True}
    with needs_a_person():
        server, library = build_media_server(services), media_library(services)
        report = scan_library(services, server, library, ctx.log)
    return {
        "new": report.new_count,
        "updated": report.updated_count,
        "unchanged": report.unchanged_count,
        "removed": report.stale_removed_count,
        "matched": len(report.matched),
    }
