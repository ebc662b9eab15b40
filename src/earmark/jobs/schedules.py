"""The recurring jobs and their default cron expressions (UTC); admins can change them later."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from earmark.jobs import enqueue_job
from earmark.jobs.payloads import (
    AudibleRefresh,
    CheckFollows,
    JobPayload,
    PlexLibraryScan,
    RetryFailedImports,
    RetryMissingTorrents,
)
from earmark.queue.scheduler import ScheduleDefault, dedupe_key_for
from earmark.requests.states import RequestStatus

DEFAULT_SCHEDULES = (
    ScheduleDefault("plex_library_scan", "plex_library_scan", "0 */6 * * *"),
    ScheduleDefault("plex_recently_added_check", "plex_recently_added_check", "*/5 * * * *"),
    ScheduleDefault("audible_refresh", "audible_refresh", "30 3 * * *"),
    ScheduleDefault(RetryMissingTorrents.job_type, RetryMissingTorrents.job_type, "0 4 * * *"),
    ScheduleDefault(RetryFailedImports.job_type, RetryFailedImports.job_type, "15 */6 * * *"),
    ScheduleDefault("cleanup_seeded_torrents", "cleanup_seeded_torrents", "*/30 * * * *"),
    ScheduleDefault("monitor_rss_feeds", "monitor_rss_feeds", "*/15 * * * *"),
    ScheduleDefault(CheckFollows.job_type, CheckFollows.job_type, "0 6 * * *"),
)

AUTOMATIC_RETRY: dict[RequestStatus, str] = {
    RequestStatus.AWAITING_SEARCH: RetryMissingTorrents.job_type,
    RequestStatus.AWAITING_IMPORT: RetryFailedImports.job_type,
}
"""The schedule that tries a waiting request again on its own, by the status it waits in."""

# Run once when setup completes, so the catalog and the library are filled at once.
FIRST_RUN_JOBS: tuple[JobPayload, ...] = (AudibleRefresh(), PlexLibraryScan())


def queue_first_run_jobs(session: Session, *, now: datetime) -> None:
    """Queue the first catalog refresh and library scan in the caller's transaction.

    Queued directly, with the schedules' dedupe keys: a web-only process may not have seeded the
    schedules yet, and setup must not depend on that.
    """
    for payload in FIRST_RUN_JOBS:
        enqueue_job(session, payload, now=now, dedupe_key=dedupe_key_for(payload.job_type))
