"""The search_indexers job: search the indexers for a request's audiobook."""

from __future__ import annotations

from typing import Any

from earmark.jobs.payloads import SearchIndexersPayload
from earmark.queue.context import JobContext
from earmark.queue.errors import JobFailed


def handle(ctx: JobContext, payload: SearchIndexersPayload) -> dict[str, Any] | None:
    raise JobFailed("Searching indexers is not available yet")
