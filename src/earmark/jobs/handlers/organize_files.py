"""The organize_files job: verify the finished download and import it into the library."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from earmark.catalog.covers import ThumbnailStore
from earmark.integrations.errors import IntegrationError
from earmark.integrations.registry import client_for, media_server_configured
from earmark.jobs.payloads import OrganizeFiles
from earmark.jobs.support import fail_request, needs_a_person, result_of, services_of
from earmark.library.book_info import BookInfo
from earmark.library.importer import Organize, import_download
from earmark.library.organizer import OrganizeResult, organize_download
from earmark.library.replacement import TargetFolder
from earmark.library.templates import resolve_target_folder
from earmark.queue.context import JobContext
from earmark.settings_store.catalogue import ImportSettings, PathsSettings, PlexSettings
from earmark.wiring import Services


def _organizer(services: Services) -> Organize:
    paths = services.config.section(PathsSettings)
    options = services.config.section(ImportSettings)
    library_root = Path(paths.media)
    thumbnails = ThumbnailStore(services.settings.thumbnails_dir)

    def organize(source: Path, book: BookInfo) -> OrganizeResult:
        cover = thumbnails.read(book.asin) if book.asin else None
        return organize_download(
            source,
            book,
            library_root,
            template=paths.template or PathsSettings().template,
            tolerance_percent=options.duration_tolerance_percent,
            tag_files=options.metadata_tagging,
            cover_bytes=cover.data if cover is not None else None,
        )

    return organize


def _target_folder(services: Services) -> TargetFolder:
    """Where `_organizer` puts a book (a replacement needs to know before it imports)."""
    paths = services.config.section(PathsSettings)
    template = paths.template or PathsSettings().template
    return lambda book: resolve_target_folder(template, book, Path(paths.media))


def handle(ctx: JobContext, payload: OrganizeFiles) -> dict[str, Any] | None:
    services = services_of(ctx)
    with needs_a_person():
        outcome = import_download(
            services.sessions,
            payload.request_id,
            payload.download_history_id,
            organize=_organizer(services),
            scan_after_import=media_server_configured(services)
            and services.config.section(PlexSettings).scan_after_import,
            max_retries=services.config.section(ImportSettings).max_retries,
            now=ctx.clock.now(),
            log=ctx.log,
            target_folder=_target_folder(services),
        )
    if outcome.discard_info_hash:
        # The wrong book: it is not seeded for a library copy, so it goes with its data.
        try:
            client = client_for(services, outcome.discard_protocol)
            client.remove(outcome.discard_info_hash, delete_data=True)
        except IntegrationError as exc:
            ctx.log.warn(f"Could not remove the rejected download from the client: {exc.message}")
    return result_of(outcome)


def on_final_failure(ctx: JobContext, error_message: str) -> None:
    fail_request(ctx, error_message, "Importing the download")
