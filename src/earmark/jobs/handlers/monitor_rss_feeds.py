"""The monitor_rss_feeds job: match new indexer feed items against requests waiting for one."""

from __future__ import annotations

from typing import Any

from earmark.core.errors import ConfigurationMissing
from earmark.integrations.registry import build_indexer, indexer_selection
from earmark.jobs.payloads import MonitorRssFeeds
from earmark.jobs.support import needs_a_person, services_of
from earmark.queue.context import JobContext
from earmark.search.configured import ranking_profile
from earmark.search.rss import match_feed
from earmark.settings_store.catalogue import IndexerChoices


def handle(ctx: JobContext, payload: MonitorRssFeeds) -> dict[str, Any] | None:
    services = services_of(ctx)
    try:
        _, selected = indexer_selection(services)
    except ConfigurationMissing:
        ctx.log.warn("No indexer is configured yet; RSS check skipped")
        return {"skipped": True}
    with_rss = services.config.section(IndexerChoices).rss_ids()
    ids = tuple(i for i in selected if i in with_rss)
    if not ids:
        return {"skipped": True, "reason": "no indexer has RSS enabled"}
    with needs_a_person():
        releases = build_indexer(services).rss(ids)
        return match_feed(
            services.sessions,
            releases,
            profile=ranking_profile(services.config),
            now=ctx.clock.now(),
            log=ctx.log,
        )
