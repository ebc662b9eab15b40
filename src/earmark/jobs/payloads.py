"""Typed payloads of every job type, validated when a job is enqueued and again when it runs."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, ConfigDict


class JobPayload(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EmptyPayload(JobPayload):
    pass


class SearchIndexersPayload(JobPayload):
    request_id: UUID


class DownloadTorrentPayload(JobPayload):
    request_id: UUID
    download_history_id: UUID


class MonitorDownloadPayload(JobPayload):
    request_id: UUID
    download_history_id: UUID


class OrganizeFilesPayload(JobPayload):
    request_id: UUID
    download_history_id: UUID


class ScanPlexPayload(JobPayload):
    request_id: UUID | None = None
    path: str | None = None


PAYLOAD_MODELS: dict[str, type[JobPayload]] = {
    "search_indexers": SearchIndexersPayload,
    "download_torrent": DownloadTorrentPayload,
    "monitor_download": MonitorDownloadPayload,
    "organize_files": OrganizeFilesPayload,
    "scan_plex": ScanPlexPayload,
    "plex_library_scan": EmptyPayload,
    "plex_recently_added_check": EmptyPayload,
    "audible_refresh": EmptyPayload,
    "retry_missing_torrents": EmptyPayload,
    "retry_failed_imports": EmptyPayload,
    "cleanup_seeded_torrents": EmptyPayload,
    "monitor_rss_feeds": EmptyPayload,
}
