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


def _rss_indexer_ids(services_config: Any, selected: tuple[int, ...]) -> tuple[int, ...]:
    chosen = services_config.get("indexer.prowlarr_indexers") or []
    with_rss = {
        int(e["id"]) for e in chosen if isinstance(e, dict) and e.get("rss", True) and "id" in e
    }
    return tuple(i for i in selected if i in with_rss)


def handle(ctx: JobContext, payload: MonitorRssFeeds) -> dict[str, Any] | None:
    services = services_of(ctx)
    try:
        _, selected = indexer_selection(services)
    except ConfigurationMissing:
        ctx.log.warn("No indexer is configured yet; RSS check skipped")
        return {"skipped": True}
    ids = _rss_indexer_ids(services.config, selected)
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
