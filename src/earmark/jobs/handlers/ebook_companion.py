"""The ebook_companion job: one job per request's ebook that runs the step its row's status calls
for (search, grab, follow, place) and reschedules itself while there is more to do.

It is not part of `PIPELINE`: its failure marks only the ebook failed (`on_final_failure`), never
the audiobook request.
"""

from __future__ import annotations

from typing import Any

from earmark.core.errors import InvalidInput
from earmark.downloads.service import ReleaseSource, source_of_file
from earmark.ebooks.formats import EbookFormat
from earmark.ebooks.ranking import EbookProfile
from earmark.ebooks.service import (
    Placement,
    StepOutcome,
    companion_of,
    fail_ebook,
    follow_download,
    place_ebook,
    record_grab,
    release_of,
    search_ebook,
)
from earmark.ebooks.states import EbookStatus
from earmark.integrations.indexers import Release
from earmark.integrations.indexers.variants import search_book
from earmark.integrations.registry import (
    build_indexer,
    client_for,
    indexer_selection,
    path_mapping,
)
from earmark.jobs.handlers.download_torrent import send_to_client
from earmark.jobs.payloads import EbookCompanionJob
from earmark.jobs.support import needs_a_person, services_of
from earmark.queue.context import JobContext
from earmark.queue.errors import Reschedule
from earmark.settings_store.catalogue import EbookSettings, UsenetClientOptions
from earmark.wiring import Services


def ebook_profile(services: Services) -> EbookProfile:
    settings = services.config.section(EbookSettings)
    usenet = bool(services.config.section(UsenetClientOptions).type)
    return EbookProfile(
        formats=tuple(EbookFormat(name) for name in settings.formats),
        min_score=settings.min_score,
        protocols=frozenset({"torrent", "usenet"} if usenet else {"torrent"}),
    )


def placement(services: Services) -> Placement:
    settings = services.config.section(EbookSettings)
    if settings.placement == "ebook_folder":
        if not settings.folder:
            raise InvalidInput("Ebooks go into their own folder, but no ebook folder is set.")
        return Placement(beside_audiobook=False, folder=settings.folder)
    return Placement(beside_audiobook=True)


def handle(ctx: JobContext, payload: EbookCompanionJob) -> dict[str, Any] | None:
    services = services_of(ctx)
    outcome: StepOutcome | None = None
    with needs_a_person():
        # Steps that finish at once (search → grab) run in one go; waiting ones reschedule.
        for _ in range(4):
            outcome = _step(ctx, services, payload)
            if outcome is None or outcome.again_in is None:
                break
            if outcome.again_in > 0:
                raise Reschedule(outcome.again_in, f"ebook {outcome.detail}")
    if outcome is None:
        return {"outcome": "no ebook to work on"}
    ctx.log.info(f"Ebook {outcome.status}: {outcome.detail}")
    return {"status": str(outcome.status), "detail": outcome.detail}


def _step(ctx: JobContext, services: Services, payload: EbookCompanionJob) -> StepOutcome | None:
    request_id, now = payload.request_id, ctx.clock.now()
    with services.sessions() as session:
        row = companion_of(session, request_id)
        if row is None:
            return None
        status, client_id, path = row.status, row.download_client_id, row.download_path
        protocol = row.protocol
        release = release_of(row)
    if status is EbookStatus.SEARCHING:
        categories = tuple(services.config.section(EbookSettings).categories)
        _, indexer_ids = indexer_selection(services)
        indexer = build_indexer(services)
        return search_ebook(
            services.sessions,
            request_id,
            search=lambda title, author: search_book(
                indexer, title, author, categories, indexer_ids
            ),
            profile=ebook_profile(services),
            now=now,
        )
    if status is EbookStatus.DOWNLOADING and not client_id:
        handed = send_to_client(services, _source(services, release, protocol))
        return record_grab(
            services.sessions, request_id, handed.client_name, handed.download_id, now
        )
    if status is EbookStatus.DOWNLOADING and not path:
        return follow_download(
            services.sessions,
            request_id,
            client=client_for(services, protocol),
            mapping=path_mapping(services, protocol),
            now=now,
        )
    if status in (EbookStatus.DOWNLOADING, EbookStatus.WAITING):
        return place_ebook(services.sessions, request_id, placement=placement(services), now=now)
    return None


def _source(services: Services, release: Release, protocol: str | None) -> ReleaseSource:
    """The magnet, .torrent or NZB behind the ebook release's (Prowlarr proxy) links."""
    return source_of_file(
        build_indexer(services).fetch(release), protocol, release.title or "ebook"
    )


def on_final_failure(ctx: JobContext, error_message: str) -> None:
    """The job gave up (after its retries): the ebook shows failed; the request is untouched."""
    if ctx.request_id is not None:
        fail_ebook(services_of(ctx).sessions, ctx.request_id, error_message, ctx.clock.now())
