"""The check_follows job: books new to followed authors and series reach their followers."""

from __future__ import annotations

from typing import Any

from earmark.integrations.registry import BACKGROUND_RETRY
from earmark.integrations.series_sources import build_series_source
from earmark.jobs.payloads import CheckFollows
from earmark.jobs.support import needs_a_person, services_of
from earmark.queue.context import JobContext
from earmark.series.follows import check_follows
from earmark.series.listing import fetch_books
from earmark.series.models import FollowKind
from earmark.settings_store.catalogue import RequestsSettings


def handle(ctx: JobContext, payload: CheckFollows) -> dict[str, Any] | None:
    services = services_of(ctx)
    source = build_series_source(services, BACKGROUND_RETRY)

    def fetch(kind: FollowKind, key: str) -> Any:
        return fetch_books(source, kind, key)

    with needs_a_person():
        return check_follows(
            services.sessions,
            fetch,
            services.config.section(RequestsSettings),
            now=ctx.clock.now(),
            log=ctx.log,
        )
