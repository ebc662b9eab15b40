"""Routes each job type to its handler with payload validation, processor name and limits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from earmark.jobs.handlers import (
    audible_refresh,
    cleanup_seeded_torrents,
    download_torrent,
    monitor_download,
    monitor_rss_feeds,
    organize_files,
    plex_library_scan,
    plex_recently_added_check,
    retry_failed_imports,
    retry_missing_torrents,
    scan_plex,
    search_indexers,
)
from earmark.jobs.payloads import PAYLOAD_MODELS
from earmark.queue.context import JobContext
from earmark.queue.errors import JobFailed
from earmark.queue.registry import FinalFailureHook, JobHandler, JobSpec

TypedHandler = Callable[[JobContext, Any], "dict[str, Any] | None"]


@dataclass(frozen=True)
class JobTypeEntry:
    handler: TypedHandler
    processor: str
    concurrency_limit: int | None = None
    # Called once when a job of this type ends failed, e.g. to mark its request failed.
    on_final_failure: FinalFailureHook | None = None


# Limits protect slow or rate-limited neighbours: indexers, the download client, disk and Plex.
ENTRIES: dict[str, JobTypeEntry] = {
    "search_indexers": JobTypeEntry(
        search_indexers.handle, "SearchIndexers", 3, search_indexers.on_final_failure
    ),
    "download_torrent": JobTypeEntry(
        download_torrent.handle, "DownloadTorrent", 2, download_torrent.on_final_failure
    ),
    "monitor_download": JobTypeEntry(monitor_download.handle, "MonitorDownload", 5),
    "organize_files": JobTypeEntry(
        organize_files.handle, "OrganizeFiles", 1, organize_files.on_final_failure
    ),
    "scan_plex": JobTypeEntry(scan_plex.handle, "ScanPlex", 1),
    "plex_library_scan": JobTypeEntry(plex_library_scan.handle, "PlexLibraryScan", 1),
    "plex_recently_added_check": JobTypeEntry(
        plex_recently_added_check.handle, "PlexRecentlyAddedCheck", 1
    ),
    "audible_refresh": JobTypeEntry(audible_refresh.handle, "AudibleRefresh", 1),
    "retry_missing_torrents": JobTypeEntry(
        retry_missing_torrents.handle, "RetryMissingTorrents", 1
    ),
    "retry_failed_imports": JobTypeEntry(retry_failed_imports.handle, "RetryFailedImports", 1),
    "cleanup_seeded_torrents": JobTypeEntry(
        cleanup_seeded_torrents.handle, "CleanupSeededTorrents", 1
    ),
    "monitor_rss_feeds": JobTypeEntry(monitor_rss_feeds.handle, "MonitorRssFeeds", 1),
}


def _validated(job_type: str, handler: TypedHandler) -> JobHandler:
    model = PAYLOAD_MODELS[job_type]

    def run(ctx: JobContext, raw: dict[str, Any]) -> dict[str, Any] | None:
        try:
            payload = model.model_validate(raw)
        except ValidationError as exc:
            raise JobFailed(f"The stored payload of this {job_type} job is invalid: {exc}") from exc
        return handler(ctx, payload)

    return run


def spec_for(job_type: str) -> JobSpec:
    entry = ENTRIES[job_type]
    return JobSpec(
        job_type=job_type,
        processor=entry.processor,
        run=_validated(job_type, entry.handler),
        concurrency_limit=entry.concurrency_limit,
        on_final_failure=entry.on_final_failure,
    )


def job_registry() -> dict[str, JobSpec]:
    return {job_type: spec_for(job_type) for job_type in ENTRIES}
