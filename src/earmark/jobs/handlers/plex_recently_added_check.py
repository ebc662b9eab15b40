"""The plex_recently_added_check job: check Plex's recently added items for requested books."""

from __future__ import annotations

from typing import Any

from earmark.jobs.payloads import EmptyPayload
from earmark.queue.context import JobContext
from earmark.queue.errors import JobFailed


def handle(ctx: JobContext, payload: EmptyPayload) -> dict[str, Any] | None:
    raise JobFailed("Plex recently-added check is not available yet")
