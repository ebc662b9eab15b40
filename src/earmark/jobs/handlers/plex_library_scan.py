"""The plex_library_scan job: sync the whole Plex audiobook library."""

from __future__ import annotations

from typing import Any

from earmark.jobs.payloads import EmptyPayload
from earmark.queue.context import JobContext
from earmark.queue.errors import JobFailed


def handle(ctx: JobContext, payload: EmptyPayload) -> dict[str, Any] | None:
    raise JobFailed("Plex library sync is not available yet")
