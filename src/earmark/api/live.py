"""The live event stream (server-sent events): one per signed-in page, carrying what changed.

Each event names the requests that changed (only the viewer's own, unless an admin) and whether
jobs changed; the page reloads just the lists that show them. A stream that drops and reconnects
gets `ready` again, on which the page reloads everything it shows, so no change is lost while
disconnected. Streams end after a few minutes (the browser reconnects on its own) and at shutdown.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from earmark.api.access import CurrentUser, services_of
from earmark.api.thread_pools import PooledRoute
from earmark.live.changes import Change

router = APIRouter(
    route_class=PooledRoute,
)

KEEPALIVE_SECONDS = 15.0
STREAM_LIFETIME_SECONDS = 300.0
RECONNECT_MILLISECONDS = 2000


def _event(name: str, data: object) -> str:
    return f"event: {name}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n"


def change_event(changes: set[Change]) -> str:
    """`change` with the changed request ids (sorted), `jobs`, and `all` for "reload everything"."""
    everything = any(c.is_everything for c in changes)
    ids = sorted(c.request_id for c in changes if c.request_id and not c.is_everything)
    return _event(
        "change", {"requests": ids, "jobs": any(c.is_job for c in changes), "all": everything}
    )


@router.get("/api/live", response_class=StreamingResponse)
async def live_stream(request: Request, user: CurrentUser) -> StreamingResponse:
    """Server-sent events for the signed-in viewer (`ready`, then `change` as things happen)."""
    broker = services_of(request).live
    subscription = broker.subscribe(str(user.id), user.is_admin)

    async def stream() -> AsyncIterator[str]:
        started = time.monotonic()
        try:
            yield f"retry: {RECONNECT_MILLISECONDS}\n" + _event("ready", {})
            while not subscription.closed:
                if time.monotonic() - started > STREAM_LIFETIME_SECONDS:
                    break
                changes = await subscription.next(KEEPALIVE_SECONDS)
                if await request.is_disconnected():
                    break
                yield change_event(changes) if changes else ": keep-alive\n\n"
        finally:
            broker.unsubscribe(subscription)

    return StreamingResponse(
        stream(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
