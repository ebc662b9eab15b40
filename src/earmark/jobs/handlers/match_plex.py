"""The match_plex job: match waiting requests against the cached media-server library."""

from __future__ import annotations

from typing import Any

from earmark.integrations.registry import media_library
from earmark.jobs.payloads import MatchPlexPayload
from earmark.jobs.support import ScanLogAdapter, services_of
from earmark.library.scan import match_open_requests
from earmark.queue.context import JobContext


def handle(ctx: JobContext, payload: MatchPlexPayload) -> dict[str, Any] | None:
    services = services_of(ctx)
    only = [payload.request_id] if payload.request_id is not None else None
    matched = match_open_requests(services, media_library(services), ScanLogAdapter(ctx), only)
    return {"matched": len(matched)}
