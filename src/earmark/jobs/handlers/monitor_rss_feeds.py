"""The monitor_rss_feeds job: watch indexer RSS feeds for awaited audiobooks."""

from __future__ import annotations

from typing import Any

from earmark.jobs.payloads import EmptyPayload
from earmark.queue.context import JobContext
from earmark.queue.errors import JobFailed


def handle(ctx: JobContext, payload: EmptyPayload) -> dict[str, Any] | None:
    raise JobFailed("RSS feed monitoring is not available yet")
