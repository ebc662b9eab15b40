"""The search_indexers job: search the indexers for a request's audiobook and rank the results."""

from __future__ import annotations

from typing import Any

from earmark.integrations.searching import configured_searcher
from earmark.jobs.payloads import SearchIndexers
from earmark.jobs.support import fail_request, needs_a_person, result_of, services_of
from earmark.queue.context import JobContext
from earmark.search.configured import ranking_profile
from earmark.search.service import search_request


def handle(ctx: JobContext, payload: SearchIndexers) -> dict[str, Any] | None:
    services = services_of(ctx)
    with needs_a_person():
        outcome = search_request(
            services.sessions,
            payload.request_id,
            search=configured_searcher(services),
            profile=ranking_profile(services.config),
            now=ctx.clock.now(),
            log=ctx.log,
        )
    return result_of(outcome)


def on_final_failure(ctx: JobContext, error_message: str) -> None:
    fail_request(ctx, error_message, "Searching the indexers")
