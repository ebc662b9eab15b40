"""Routes each job type to its handler with payload validation, processor name and limits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from earmark.jobs import payloads
from earmark.jobs.handlers import (
    audible_refresh,
    check_follows,
    cleanup_seeded_torrents,
    download_torrent,
    ebook_companion,
    match_plex,
    monitor_download,
    monitor_rss_feeds,
    organize_files,
    plex_library_scan,
    plex_recently_added_check,
    release_preorder,
    retry_failed_imports,
    retry_missing_torrents,
    scan_plex,
    search_indexers,
)
from earmark.jobs.payloads import JobPayload
from earmark.queue.context import JobContext
from earmark.queue.errors import JobFailed
from earmark.queue.registry import FinalFailureHook, JobHandler, JobSpec

TypedHandler = Callable[[JobContext, Any], "dict[str, Any] | None"]

# The acquisition pipeline, in order: each step's handler queues the next one.
# search (rank releases) -> grab (send the best to the download client) -> monitor (follow it)
# -> import (verify, organize, tag) -> scan (the media server scans the new folder)
# -> match (the request becomes available once the server lists it).
PIPELINE: tuple[type[JobPayload], ...] = (
    payloads.SearchIndexers,
    payloads.DownloadTorrent,
    payloads.MonitorDownload,
    payloads.OrganizeFiles,
    payloads.ScanPlex,
    payloads.MatchPlex,
)


@dataclass(frozen=True)
class JobTypeEntry:
    payload: type[JobPayload]
    handler: TypedHandler
    concurrency_limit: int | None = None
    # Called once when a job of this type ends failed, e.g. to mark its request failed.
    on_final_failure: FinalFailureHook | None = None

    @property
    def processor(self) -> str:
        """The name job events carry as their context (the seed's e.g. `OrganizeFiles`)."""
        return self.payload.__name__


# Limits protect slow or rate-limited neighbours: indexers, the download client, disk and Plex.
_ENTRIES = (
    JobTypeEntry(
        payloads.SearchIndexers, search_indexers.handle, 3, search_indexers.on_final_failure
    ),
    JobTypeEntry(
        payloads.DownloadTorrent, download_torrent.handle, 2, download_torrent.on_final_failure
    ),
    JobTypeEntry(payloads.MonitorDownload, monitor_download.handle, 5),
    JobTypeEntry(payloads.OrganizeFiles, organize_files.handle, 1, organize_files.on_final_failure),
    JobTypeEntry(payloads.ScanPlex, scan_plex.handle, 1),
    JobTypeEntry(payloads.MatchPlex, match_plex.handle, 1),
    JobTypeEntry(payloads.PlexLibraryScan, plex_library_scan.handle, 1),
    JobTypeEntry(payloads.PlexRecentlyAddedCheck, plex_recently_added_check.handle, 1),
    JobTypeEntry(payloads.AudibleRefresh, audible_refresh.handle, 1),
    JobTypeEntry(payloads.RetryMissingTorrents, retry_missing_torrents.handle, 1),
    JobTypeEntry(payloads.RetryFailedImports, retry_failed_imports.handle, 1),
    JobTypeEntry(payloads.CleanupSeededTorrents, cleanup_seeded_torrents.handle, 1),
    JobTypeEntry(payloads.MonitorRssFeeds, monitor_rss_feeds.handle, 1),
    JobTypeEntry(
        payloads.EbookCompanionJob, ebook_companion.handle, 2, ebook_companion.on_final_failure
    ),
    JobTypeEntry(payloads.ReleasePreorder, release_preorder.handle, 1),
    JobTypeEntry(payloads.CheckFollows, check_follows.handle, 1),
)
ENTRIES: dict[str, JobTypeEntry] = {entry.payload.job_type: entry for entry in _ENTRIES}


def _validated(entry: JobTypeEntry) -> JobHandler:
    model, handler, job_type = entry.payload, entry.handler, entry.payload.job_type

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
        run=_validated(entry),
        concurrency_limit=entry.concurrency_limit,
        on_final_failure=entry.on_final_failure,
    )


def job_registry() -> dict[str, JobSpec]:
    return {job_type: spec_for(job_type) for job_type in ENTRIES}
