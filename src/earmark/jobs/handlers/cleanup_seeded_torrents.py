"""The cleanup_seeded_torrents job: remove torrents that have seeded long enough."""

from __future__ import annotations

from typing import Any

from earmark.jobs.payloads import EmptyPayload
from earmark.queue.context import JobContext
from earmark.queue.errors import JobFailed


def handle(ctx: JobContext, payload: EmptyPayload) -> dict[str, Any] | None:
    raise JobFailed("Seeded torrent cleanup is not available yet")
