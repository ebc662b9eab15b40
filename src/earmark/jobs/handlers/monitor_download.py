"""The monitor_download job: follow a download's progress in the download client."""

from __future__ import annotations

from typing import Any

from earmark.jobs.payloads import MonitorDownloadPayload
from earmark.queue.context import JobContext
from earmark.queue.errors import JobFailed


def handle(ctx: JobContext, payload: MonitorDownloadPayload) -> dict[str, Any] | None:
    raise JobFailed("Download monitoring is not available yet")
