"""The download_torrent job: hand the chosen release to the download client."""

from __future__ import annotations

from typing import Any

from earmark.core.errors import InvalidInput
from earmark.downloads.attached import attached_source, attached_store
from earmark.downloads.models import DownloadHistory
from earmark.downloads.service import Handed, ReleaseSource, grab_release, source_of_file
from earmark.integrations.download_clients.nzb import NzbFile, NzbUrl
from earmark.integrations.indexers import Indexer, Release
from earmark.integrations.registry import (
    build_download_client,
    build_indexer,
    build_usenet_client,
    usenet_configured,
)
from earmark.jobs.payloads import DownloadTorrent
from earmark.jobs.support import fail_request, needs_a_person, services_of
from earmark.queue.context import JobContext
from earmark.settings_store.catalogue import (
    DownloadClientOptions,
    PathsSettings,
    UsenetClientOptions,
)
from earmark.wiring import Services


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


def source_for(indexer: Indexer, row: DownloadHistory, *, usenet: bool) -> ReleaseSource:
    """The magnet, .torrent or NZB behind the stored links (Prowlarr proxy links are followed).

    The source is checked here (a real magnet, an undamaged .torrent, an NZB document) so that a
    bad release raises InvalidInput before the client sees it, and the next release is tried.
    """
    if row.protocol == "usenet" and not usenet:
        raise InvalidInput("Usenet releases need a usenet client, which is not configured.")
    return source_of_file(
        indexer.fetch(release_of(row)), row.protocol, row.torrent_name or "release"
    )


def handle(ctx: JobContext, payload: DownloadTorrent) -> dict[str, Any] | None:
    services = services_of(ctx)
    with needs_a_person():
        indexer = build_indexer(services)
        usenet = usenet_configured(services)
        outcome = grab_release(
            services.sessions,
            payload.request_id,
            payload.download_history_id,
            send=lambda source: send_to_client(services, source),
            fetch=lambda row: (
                attached_source(attached_store(services.settings.data_dir), row)
                or source_for(indexer, row, usenet=usenet)
            ),
            now=ctx.clock.now(),
            log=ctx.log,
        )
    return {"outcome": outcome}


def send_to_client(services: Services, source: ReleaseSource) -> Handed:
    """An NZB goes to the usenet client, a torrent to the torrent client, each in its category.

    Usenet clients file jobs by category; torrents are saved in the download folder.
    """
    if isinstance(source, NzbFile | NzbUrl):
        usenet = build_usenet_client(services)
        category = services.config.section(UsenetClientOptions).category
        job_id = usenet.add(source, category or UsenetClientOptions().category, None)
        return Handed(usenet.name, job_id)
    client = build_download_client(services)
    options = services.config.section(DownloadClientOptions)
    save_path = services.config.section(PathsSettings).downloads or None
    info_hash = client.add(source, options.category or DownloadClientOptions().category, save_path)
    return Handed(client.name, info_hash)


def on_final_failure(ctx: JobContext, error_message: str) -> None:
    fail_request(ctx, error_message, "Sending the release to the download client")
