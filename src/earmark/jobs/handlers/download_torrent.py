"""The download_torrent job: hand a chosen release to the download client."""

from __future__ import annotations

from typing import Any

from earmark.jobs.payloads import DownloadTorrentPayload
from earmark.queue.context import JobContext
from earmark.queue.errors import JobFailed


def handle(ctx: JobContext, payload: DownloadTorrentPayload) -> dict[str, Any] | None:
    raise JobFailed("Downloading a release is not available yet")
