"""The download_torrent job: hand the chosen release to the download client."""

from __future__ import annotations

from typing import Any

from earmark.core.errors import InvalidInput
from earmark.downloads.models import DownloadHistory
from earmark.downloads.service import GrabSettings, grab_release
from earmark.integrations.download_clients import (
    MagnetLink,
    TorrentFile,
    TorrentSource,
    info_hash_from_torrent,
)
from earmark.integrations.indexers import Indexer, Release
from earmark.integrations.registry import build_download_client, build_indexer
from earmark.jobs.payloads import DownloadTorrent
from earmark.jobs.support import fail_request, needs_a_person, services_of
from earmark.queue.context import JobContext
from earmark.settings_store.catalogue import DownloadClientOptions, PathsSettings


def release_of(row: DownloadHistory) -> Release:
    """The stored candidate as the indexer adapter knows releases."""
    return Release(
        guid=row.release_guid or str(row.id),
        title=row.torrent_name or "",
        size_bytes=row.torrent_size_bytes or 0,
        seeders=row.seeders,
        leechers=row.leechers,
        indexer=row.indexer_name or "",
        indexer_id=None,
        protocol="usenet" if row.protocol == "usenet" else "torrent",
        download_url=row.torrent_url,
        magnet_url=row.magnet_link,
        info_hash=row.torrent_hash,
        publish_date=None,
    )


def source_for(indexer: Indexer, row: DownloadHistory) -> TorrentSource:
    """The magnet or .torrent behind the stored links (Prowlarr proxy links are followed).

    The source is checked here (a real magnet, an undamaged .torrent) so that a bad release
    raises InvalidInput before the client sees it, and the next release is tried.
    """
    if row.protocol == "usenet":
        raise InvalidInput("Usenet releases need a Usenet client, which is not configured.")
    fetched = indexer.fetch(release_of(row))
    if fetched.kind == "magnet" and fetched.magnet_url:
        return MagnetLink(fetched.magnet_url)
    if fetched.kind == "torrent":
        info_hash_from_torrent(fetched.content)
        return TorrentFile(fetched.content)
    raise InvalidInput("The indexer gave an NZB for a torrent release.")


def handle(ctx: JobContext, payload: DownloadTorrent) -> dict[str, Any] | None:
    services = services_of(ctx)
    with needs_a_person():
        indexer = build_indexer(services)
        client = build_download_client(services)
        options = services.config.section(DownloadClientOptions)
        settings = GrabSettings(
            category=options.category or DownloadClientOptions().category,
            save_path=services.config.section(PathsSettings).downloads or None,
        )
        outcome = grab_release(
            services.sessions,
            payload.request_id,
            payload.download_history_id,
            client=client,
            fetch=lambda row: source_for(indexer, row),
            settings=settings,
            now=ctx.clock.now(),
            log=ctx.log,
        )
    return {"outcome": outcome}


def on_final_failure(ctx: JobContext, error_message: str) -> None:
    fail_request(ctx, error_message, "Sending the release to the download client")
