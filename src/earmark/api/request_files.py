"""Admin actions that bring a request its book by hand: import a folder already on the server,
or attach a release found elsewhere (a magnet, a link, or an uploaded .torrent/.nzb). Both
continue through the normal chain (library/existing.py)."""

from __future__ import annotations

import base64
import binascii
import uuid
from pathlib import Path

from fastapi import APIRouter
from pydantic import BaseModel, Field

from earmark.api.access import CurrentAdmin, ServicesDep
from earmark.api.release_links import fetch_release_link
from earmark.api.requests import RequestOut, request_out, requester_of
from earmark.api.thread_pools import PooledRoute, calls_out
from earmark.core.errors import InvalidInput
from earmark.core.setting_fields import MAX_PATH_LENGTH
from earmark.db.engine import transaction
from earmark.downloads.attached import (
    MAX_FILE_BYTES,
    HandFound,
    attach_release,
    attached_store,
    from_file,
    from_magnet,
)
from earmark.library.existing import allowed_roots, checked_folder, import_existing
from earmark.requests import service
from earmark.requests.guards import require_allowed
from earmark.requests.models import Audiobook
from earmark.requests.states import RequestAction
from earmark.settings_store.catalogue import ImportSettings, PathsSettings
from earmark.wiring import Services

router = APIRouter(route_class=PooledRoute, prefix="/api/requests", tags=["requests"])


class ImportExistingBody(BaseModel):
    path: str = Field(max_length=MAX_PATH_LENGTH)


class RootsOut(BaseModel):
    roots: list[str]


def _roots(services: Services) -> list[str]:
    paths = services.config.section(PathsSettings)
    extra = services.config.section(ImportSettings).existing_roots
    return [str(root) for root in allowed_roots(paths.downloads, extra)]


@router.get("/import-roots", response_model=RootsOut)
def import_roots(_: CurrentAdmin, services: ServicesDep) -> RootsOut:
    """The folders existing files may be imported from (shown beside the path field)."""
    return RootsOut(roots=_roots(services))


@router.post("/{request_id}/import-existing", response_model=RequestOut)
def import_existing_files(
    request_id: uuid.UUID, body: ImportExistingBody, principal: CurrentAdmin, services: ServicesDep
) -> RequestOut:
    """Verify and organize the files in `path` for this request, as if they had downloaded."""
    with transaction(services.sessions) as session:
        request = service.get_visible(session, requester_of(principal), request_id)
        require_allowed(request.status, RequestAction.IMPORT_EXISTING)  # before the path's checks
        folder = checked_folder(body.path, [Path(root) for root in _roots(services)])
        import_existing(session, request, folder, now=services.clock.now())
        return request_out(request, session.get_one(Audiobook, request.audiobook_id))


class AttachBody(BaseModel):
    """Either `link` (a magnet, or an http(s) link to a .torrent/.nzb) or an uploaded file
    (`file_name` and its bytes as base64 in `file_base64`)."""

    link: str | None = Field(default=None, max_length=8192)
    file_name: str | None = Field(default=None, max_length=512)
    file_base64: str | None = Field(default=None, max_length=(MAX_FILE_BYTES * 4) // 3 + 8)


def _hand_found(body: AttachBody) -> HandFound:
    if body.file_base64:
        try:
            data = base64.b64decode(body.file_base64, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise InvalidInput(
                "The file did not arrive intact (not base64); upload it again."
            ) from exc
        return from_file(body.file_name or "release", data)
    link = (body.link or "").strip()
    if not link:
        raise InvalidInput("Give a magnet link or a link to a .torrent/.nzb, or upload a file.")
    if link.lower().startswith(("http://", "https://")):
        return fetch_release_link(link)
    return from_magnet(link)


@router.post("/{request_id}/attach-release", response_model=RequestOut)
@calls_out
def attach(
    request_id: uuid.UUID, body: AttachBody, principal: CurrentAdmin, services: ServicesDep
) -> RequestOut:
    """Grab a release found by hand for this request; it is then followed and imported."""
    with services.sessions() as session:  # the status first: a link is fetched only if useful
        request = service.get_visible(session, requester_of(principal), request_id)
        require_allowed(request.status, RequestAction.ATTACH_RELEASE)
    found = _hand_found(body)
    store = attached_store(services.settings.data_dir)
    with transaction(services.sessions) as session:
        request = service.get_visible(session, requester_of(principal), request_id)
        attach_release(session, request, found, store, now=services.clock.now())
        return request_out(request, session.get_one(Audiobook, request.audiobook_id))
