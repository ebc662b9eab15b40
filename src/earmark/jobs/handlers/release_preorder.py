"""The release_preorder job: on its release date, a pre-ordered request starts its search."""

from __future__ import annotations

from typing import Any

from earmark.db.engine import transaction
from earmark.jobs.payloads import ReleasePreorder
from earmark.jobs.support import services_of
from earmark.queue.context import JobContext
from earmark.requests.service import release_preorder


def handle(ctx: JobContext, payload: ReleasePreorder) -> dict[str, Any] | None:
    services = services_of(ctx)
    with transaction(services.sessions) as session:
        started = release_preorder(session, payload.request_id, now=ctx.clock.now())
    return {"started": started}
