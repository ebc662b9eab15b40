"""The match_plex job: match imported audiobooks to Plex library items."""

from __future__ import annotations

from typing import Any

from earmark.jobs.payloads import MatchPlexPayload
from earmark.queue.context import JobContext
from earmark.queue.errors import JobFailed


def handle(ctx: JobContext, payload: MatchPlexPayload) -> dict[str, Any] | None:
    raise JobFailed("Plex matching is not available yet")
