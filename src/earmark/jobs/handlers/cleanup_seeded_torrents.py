"""The cleanup_seeded_torrents job: remove torrents whose seeding goals are met."""

from __future__ import annotations

from typing import Any

from earmark.downloads.maintenance import SeedingRule, cleanup_seeded, seeding_rule_for
from earmark.integrations.registry import build_download_client
from earmark.jobs.payloads import CleanupSeededTorrents
from earmark.jobs.support import needs_a_person, services_of
from earmark.queue.context import JobContext


def handle(ctx: JobContext, payload: CleanupSeededTorrents) -> dict[str, Any] | None:
    services = services_of(ctx)
    config = services.config
    default = SeedingRule(
        minutes=int(config.get("seeding.default_time_minutes")),
        ratio=float(config.get("seeding.default_ratio")),
    )
    indexers = config.get("indexer.prowlarr_indexers") or []
    with needs_a_person():
        client = build_download_client(services)
        counts = cleanup_seeded(
            services.sessions,
            info=client.info,
            remove=lambda info_hash: client.remove(info_hash, delete_data=True),
            rule_for=lambda name: seeding_rule_for(name, indexers, default),
            now=ctx.clock.now(),
            log=ctx.log,
        )
    return dict(counts)
