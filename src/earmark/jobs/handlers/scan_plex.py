"""The scan_plex job: ask Plex to scan the library (or one folder)."""

from __future__ import annotations

from typing import Any

from earmark.jobs.payloads import ScanPlexPayload
from earmark.queue.context import JobContext
from earmark.queue.errors import JobFailed


def handle(ctx: JobContext, payload: ScanPlexPayload) -> dict[str, Any] | None:
    raise JobFailed("Plex scanning is not available yet")
