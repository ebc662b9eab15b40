"""qBittorrent torrent states (4.x and 5.x names) mapped onto Earmark's download states."""

from __future__ import annotations

from earmark.integrations.download_clients.protocol import DownloadState

# Every *UP state means the payload is complete; seed-era code mapped pausedUP to paused and
# monitors then waited forever at 100 %. checkingUP is a recheck of finished data: we wait for
# its verdict rather than importing while pieces may turn out to be missing.
_STATES: dict[str, DownloadState] = {
    "downloading": "downloading",
    "forcedDL": "downloading",
    "metaDL": "downloading",
    "forcedMetaDL": "downloading",
    "allocating": "downloading",
    "moving": "downloading",
    "stalledDL": "stalled",
    "pausedDL": "paused",
    "stoppedDL": "paused",
    "queuedDL": "queued",
    "checkingDL": "checking",
    "checkingUP": "checking",
    "checkingResumeData": "checking",
    "uploading": "seeding",
    "stalledUP": "seeding",
    "forcedUP": "seeding",
    "queuedUP": "seeding",
    "pausedUP": "completed",
    "stoppedUP": "completed",
    "error": "error",
    "missingFiles": "missing_files",
}


def map_state(qbittorrent_state: str) -> DownloadState:
    """Unknown future states count as downloading, so monitoring continues instead of failing."""
    return _STATES.get(qbittorrent_state, "downloading")
