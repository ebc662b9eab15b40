"""An in-memory Indexer for fast, daemon-free tests of searching and grabbing.

It keeps the protocol's contract as Prowlarr does (integrations/indexers/protocol.py): search
only the indexers asked for, `IndexersUnavailable` when they are all blocked, blocked feeds are
skipped. Drive it with `add_indexer()`, `add()` and `block()`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from earmark.integrations.errors import IntegrationError
from earmark.integrations.indexers.protocol import (
    IndexerInfo,
    IndexersUnavailable,
    Release,
    ReleaseFile,
)
from earmark.integrations.reports import ConnectionReport

# Prowlarr's words for the 400 it answers when every selected indexer is blocked.
ALL_BLOCKED = "Search failed due to all selected indexers being unavailable"


@dataclass
class MemoryIndexer:
    name: str = "memory"
    indexers: dict[int, IndexerInfo] = field(default_factory=dict)
    releases: list[Release] = field(default_factory=list)
    blocked: set[int] = field(default_factory=set)
    queries: list[str] = field(default_factory=list)

    def add_indexer(self, indexer_id: int, name: str) -> None:
        self.indexers[indexer_id] = IndexerInfo(indexer_id, name, "torrent", True, 25, True)

    def add(self, title: str, indexer_id: int = 1, **fields: object) -> Release:
        """A release whose words all match any query containing its title's first word."""
        digest = f"{len(self.releases):040x}"
        release = Release(
            guid=f"memory-{digest}",
            title=title,
            size_bytes=400 * 1024 * 1024,
            seeders=20,
            leechers=1,
            indexer=self.indexers[indexer_id].name,
            indexer_id=indexer_id,
            protocol="torrent",
            download_url=None,
            magnet_url=f"magnet:?xt=urn:btih:{digest}",
            info_hash=digest,
            publish_date=datetime(2026, 1, 1, tzinfo=UTC),
        )
        release = replace(release, **fields)  # type: ignore[arg-type]
        self.releases.append(release)
        return release

    def block(self, *indexer_ids: int) -> None:
        self.blocked.update(indexer_ids)

    def search(
        self, query: str, categories: tuple[int, ...], indexer_ids: tuple[int, ...]
    ) -> list[Release]:
        self.queries.append(query)
        if indexer_ids and all(i in self.blocked for i in indexer_ids):
            raise IndexersUnavailable(self.name, ALL_BLOCKED)
        words = query.lower().split()
        return [
            r
            for r in self.releases
            if r.indexer_id in indexer_ids
            and r.indexer_id not in self.blocked
            and words[0] in r.title.lower()
        ]

    def rss(self, indexer_ids: tuple[int, ...]) -> list[Release]:
        return [
            r
            for r in self.releases
            if r.indexer_id in indexer_ids and r.indexer_id not in self.blocked
        ]

    def list_indexers(self) -> list[IndexerInfo]:
        return list(self.indexers.values())

    def fetch(self, release: Release) -> ReleaseFile:
        if release.magnet_url is None:
            raise IntegrationError(self.name, "the release has no link")
        return ReleaseFile(kind="magnet", magnet_url=release.magnet_url)

    def test(self) -> ConnectionReport:
        return ConnectionReport(ok=True, message="Connected to the memory indexer")
