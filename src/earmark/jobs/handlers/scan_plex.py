"""The scan_plex job: scan one imported folder (then queue its match) or the whole library."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from earmark.db.engine import transaction
from earmark.integrations.registry import build_media_server, media_library
from earmark.jobs import enqueue_step
from earmark.jobs.payloads import MatchPlex, ScanPlex
from earmark.jobs.support import needs_a_person, services_of
from earmark.library.scan import scan_folder, scan_library
from earmark.queue.context import JobContext

# How long the match after a folder scan waits for Plex to list the folder (it polls meanwhile).
FOLDER_LISTING_WAIT = timedelta(seconds=30)


def handle(ctx: JobContext, payload: ScanPlex) -> dict[str, Any] | None:
    services = services_of(ctx)
    with needs_a_person():
        server, library = build_media_server(services), media_library(services)
        if payload.request_id is not None and payload.path:
            scan_folder(services, server, library, payload.path)
            now = ctx.clock.now()
            match = MatchPlex(
                request_id=payload.request_id,
                path=payload.path,
                wait_until=now + FOLDER_LISTING_WAIT,
            )
            with transaction(services.sessions) as session:
                enqueue_step(session, match, now=now)
            return {"scanned": payload.path}
        report = scan_library(services, server, library, ctx.log)
    return {
        "new": report.new_count,
        "updated": report.updated_count,
        "unchanged": report.unchanged_count,
        "matched": len(report.matched),
    }
