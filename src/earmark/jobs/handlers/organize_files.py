"""The organize_files job: move a finished download into the library."""

from __future__ import annotations

from typing import Any

from earmark.jobs.payloads import OrganizeFilesPayload
from earmark.queue.context import JobContext
from earmark.queue.errors import JobFailed


def handle(ctx: JobContext, payload: OrganizeFilesPayload) -> dict[str, Any] | None:
    raise JobFailed("File organizing is not available yet")
