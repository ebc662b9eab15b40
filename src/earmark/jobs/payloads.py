"""Typed payloads of every job type, validated when a job is enqueued and again when it runs.

Each payload model names its job type once (`job_type`, the seed's names plus download_torrent),
so `enqueue_job(session, OrganizeFiles(...))` is all a caller writes. Domain packages may import
this module and `earmark.jobs` (enqueue_job); the handlers and the registry sit above the domain
(see the import-linter contracts in pyproject.toml).
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict


class JobPayload(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    job_type: ClassVar[str]


class RequestStep(JobPayload):
    """A pipeline step of one request's release: one job of each type per request at a time."""

    request_id: UUID
    download_history_id: UUID


class SearchIndexers(JobPayload):
    job_type = "search_indexers"
    request_id: UUID


class DownloadTorrent(RequestStep):
    job_type = "download_torrent"


class MonitorDownload(RequestStep):
    job_type = "monitor_download"


class OrganizeFiles(RequestStep):
    job_type = "organize_files"


class ScanPlex(JobPayload):
    """Scan one imported folder for a request (then match it), or the whole library."""

    job_type = "scan_plex"
    request_id: UUID | None = None
    path: str | None = None


class MatchPlex(JobPayload):
    """Match waiting requests against the cached library.

    After a folder scan (`path` set) the job waits, rescheduling itself, until Plex lists the
    folder or `wait_until` passes.
    """

    job_type = "match_plex"
    request_id: UUID | None = None
    path: str | None = None
    wait_until: datetime | None = None


class PlexLibraryScan(JobPayload):
    job_type = "plex_library_scan"


class PlexRecentlyAddedCheck(JobPayload):
    job_type = "plex_recently_added_check"


class AudibleRefresh(JobPayload):
    job_type = "audible_refresh"


class RetryMissingTorrents(JobPayload):
    job_type = "retry_missing_torrents"


class RetryFailedImports(JobPayload):
    job_type = "retry_failed_imports"


class CleanupSeededTorrents(JobPayload):
    job_type = "cleanup_seeded_torrents"


class MonitorRssFeeds(JobPayload):
    job_type = "monitor_rss_feeds"


class EbookCompanionJob(JobPayload):
    """A request's ebook companion (docs/ebooks.md): searches, grabs, follows and places the
    ebook, rescheduling itself; apart from the audiobook pipeline, so it never fails the request."""

    job_type = "ebook_companion"
    request_id: UUID


class ReleasePreorder(JobPayload):
    """Start a pre-ordered request's search; queued to run on the book's release date."""

    job_type = "release_preorder"
    request_id: UUID


class CheckFollows(JobPayload):
    """Look for books new to followed authors and series; tell (or request for) followers."""

    job_type = "check_follows"


PAYLOAD_MODELS: dict[str, type[JobPayload]] = {
    model.job_type: model
    for model in (
        SearchIndexers,
        DownloadTorrent,
        MonitorDownload,
        OrganizeFiles,
        ScanPlex,
        MatchPlex,
        PlexLibraryScan,
        PlexRecentlyAddedCheck,
        AudibleRefresh,
        RetryMissingTorrents,
        RetryFailedImports,
        CleanupSeededTorrents,
        MonitorRssFeeds,
        EbookCompanionJob,
        ReleasePreorder,
        CheckFollows,
    )
}
