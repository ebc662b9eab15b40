"""The recurring jobs and their default cron expressions (UTC); admins can change them later."""

from __future__ import annotations

from earmark.queue.scheduler import ScheduleDefault

DEFAULT_SCHEDULES = (
    ScheduleDefault("plex_library_scan", "plex_library_scan", "0 */6 * * *"),
    ScheduleDefault("plex_recently_added_check", "plex_recently_added_check", "*/5 * * * *"),
    ScheduleDefault("audible_refresh", "audible_refresh", "30 3 * * *"),
    ScheduleDefault("retry_missing_torrents", "retry_missing_torrents", "0 4 * * *"),
    ScheduleDefault("retry_failed_imports", "retry_failed_imports", "15 */6 * * *"),
    ScheduleDefault("cleanup_seeded_torrents", "cleanup_seeded_torrents", "*/30 * * * *"),
    ScheduleDefault("monitor_rss_feeds", "monitor_rss_feeds", "*/15 * * * *"),
)
