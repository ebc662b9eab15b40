"""The retry_failed_imports job: try again to import downloads that failed to organize."""

from __future__ import annotations

from typing import Any

from earmark.jobs.payloads import EmptyPayload
from earmark.queue.context import JobContext
from earmark.queue.errors import JobFailed


def handle(ctx: JobContext, payload: EmptyPayload) -> dict[str, Any] | None:
    raise JobFailed("Retrying failed imports is not available yet")
