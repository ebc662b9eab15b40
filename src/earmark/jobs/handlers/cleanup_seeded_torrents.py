"""The cleanup_seeded_torrents job: remove torrents whose seeding goals are met."""

from __future__ import annotations

from typing import Any

from earmark.downloads.maintenance import SeedingRule, cleanup_seeded, seeding_rule_for
from earmark.integrations.registry import build_download_client
from earmark.jobs.payloads import CleanupSeededTorrents
from earmark.jobs.support import needs_a_person, services_of
from earmark.queue.context import JobContext
from earmark.settings_store.catalogue import IndexerChoices, SeedingSettings


def handle(ctx: JobContext, payload: CleanupSeededTorrents) -> dict[str, Any] | None:
    services = services_of(ctx)
    seeding = services.config.section(SeedingSettings)
    default = SeedingRule(minutes=seeding.default_time_minutes, ratio=seeding.default_ratio)
    indexers = services.config.section(IndexerChoices).prowlarr_indexers
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
