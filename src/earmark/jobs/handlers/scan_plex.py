"""The scan_plex job: scan one imported folder (fast path) or the whole library, then match."""

from __future__ import annotations

from typing import Any

from earmark.integrations.registry import build_media_server, media_library
from earmark.jobs.payloads import ScanPlexPayload
from earmark.jobs.support import ScanLogAdapter, needs_a_person, services_of
from earmark.library.scan import scan_folder_and_match, scan_library
from earmark.queue.context import JobContext


def handle(ctx: JobContext, payload: ScanPlexPayload) -> dict[str, Any] | None:
    services = services_of(ctx)
    log = ScanLogAdapter(ctx)
    with needs_a_person():
        server, library = build_media_server(services), media_library(services)
        if payload.request_id is not None and payload.path:
            matched = scan_folder_and_match(
                services, server, library, payload.request_id, payload.path, log
            )
            return {"matched": matched is not None}
        report = scan_library(services, server, library, log)
    return {
        "new": report.new_count,
        "updated": report.updated_count,
        "unchanged": report.unchanged_count,
        "matched": len(report.matched),
    }
