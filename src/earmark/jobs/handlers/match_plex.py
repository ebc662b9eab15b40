"""The match_plex job: match waiting requests against the cached media-server library.

After a folder scan it waits for the server to list the folder by rescheduling itself (the
queue's `Reschedule`, no worker thread sleeps) until `wait_until`.
"""

from __future__ import annotations

from typing import Any

from earmark.integrations.registry import build_media_server, media_library
from earmark.jobs.payloads import MatchPlex
from earmark.jobs.support import needs_a_person, services_of
from earmark.library.scan import match_imported_folder, match_open_requests
from earmark.queue.context import JobContext
from earmark.queue.errors import Reschedule

FOLDER_POLL_SECONDS = 2.0


def handle(ctx: JobContext, payload: MatchPlex) -> dict[str, Any] | None:
    services = services_of(ctx)
    log = ctx.log
    library = media_library(services)
    if payload.request_id is None or not payload.path:
        only = [payload.request_id] if payload.request_id is not None else None
        return {"matched": len(match_open_requests(services, library, log, only))}
    last_try = payload.wait_until is None or ctx.clock.now() >= payload.wait_until
    with needs_a_person():
        outcome = match_imported_folder(
            services,
            build_media_server(services),
            library,
            payload.request_id,
            payload.path,
            log,
            last_try=last_try,
        )
    if not outcome.listed and not last_try:
        raise Reschedule(FOLDER_POLL_SECONDS, "waiting for the media server to list the folder")
    return {"listed": outcome.listed, "matched": outcome.matched is not None}
