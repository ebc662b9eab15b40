"""Small builders for ranking tests: releases with sensible defaults."""

from __future__ import annotations

from datetime import datetime

from earmark.integrations.indexers import Release

MIB = 1024 * 1024


def release(
    title: str,
    size_mb: float = 700,
    seeders: int | None = 45,
    *,
    indexer_id: int | None = 1,
    protocol: str = "torrent",
    flags: tuple[str, ...] = (),
    published: datetime | None = None,
    guid: str | None = None,
) -> Release:
    return Release(
        guid=guid or title,
        title=title,
        size_bytes=int(size_mb * MIB),
        seeders=seeders,
        leechers=0,
        indexer="Test",
        indexer_id=indexer_id,
        protocol="usenet" if protocol == "usenet" else "torrent",
        download_url=f"http://prowlarr.local/download/{abs(hash(title))}",
        magnet_url=None,
        info_hash=None,
        publish_date=published,
        flags=flags,
    )
