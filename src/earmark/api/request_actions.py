"""Per-request actions: interactive search with score breakdowns, picking a release, retrying an import."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from earmark.api.access import CurrentAdmin, CurrentUser, Principal, ServicesDep
from earmark.api.requests import RequestOut, request_out, requester_of
from earmark.api.thread_pools import PooledRoute, calls_out
from earmark.core.errors import Forbidden
from earmark.core.events import NullEventLog
from earmark.db.engine import transaction
from earmark.downloads.imports import retry_import
from earmark.downloads.models import DownloadHistory
from earmark.integrations.searching import configured_searcher
from earmark.library.linking import link_request
from earmark.requests import service
from earmark.requests.guards import require_allowed
from earmark.requests.models import Audiobook
from earmark.requests.states import RequestAction
from earmark.search.configured import ranking_profile
from earmark.search.service import choose_release, interactive_search
from earmark.settings_store.catalogue import RequestsSettings
from earmark.users.permissions import effective_for
from earmark.wiring import Services

router = APIRouter(route_class=PooledRoute, prefix="/api/requests", tags=["requests"])


class RejectionOut(BaseModel):
    """A ranking rule's refusal: its stable code (docs/ranking.md) and the message."""

    code: str
    message: str


class ReleaseOut(BaseModel):
    guid: str
    title: str
    indexer: str | None
    size_bytes: int | None
    seeders: int | None
    protocol: str | None
    score: float | None
    accepted: bool
    reasons: list[str]
    rejections: list[RejectionOut]
    breakdown: dict[str, Any]


class ReleaseList(BaseModel):
    releases: list[ReleaseOut]


class PickBody(BaseModel):
    guid: str = Field(min_length=1, max_length=2048)


_NOT_PERMITTED = {
    RequestAction.INTERACTIVE_SEARCH: "You are not permitted to search indexers interactively.",
    RequestAction.PICK_RELEASE: "You are not permitted to pick releases.",
}


def _allowed(
    services: Services, principal: Principal, request_id: uuid.UUID, action: RequestAction
) -> None:
    """Interactive search and picking: admins, and users whose permissions grant it."""
    defaults = services.config.section(RequestsSettings)
    with services.sessions() as session:
        request = service.get_visible(session, requester_of(principal), request_id)
        status = request.status
        granted = effective_for(session, principal.id, defaults).granted()
    if action not in granted:
        raise Forbidden(_NOT_PERMITTED[action])
    require_allowed(status, action)


def _release_out(row: DownloadHistory) -> ReleaseOut:
    breakdown = row.score_breakdown or {}
    return ReleaseOut(
        guid=row.release_guid or str(row.id),
        title=row.torrent_name or "",
        indexer=row.indexer_name,
        size_bytes=row.torrent_size_bytes,
        seeders=row.seeders,
        protocol=row.protocol,
        score=row.quality_score,
        accepted=row.accepted,
        reasons=[str(r) for r in breakdown.get("reasons", [])],
        rejections=[RejectionOut(**r) for r in breakdown.get("rejections", [])],
        breakdown=dict(breakdown.get("criteria", {})),
    )


class SearchBody(BaseModel):
    """Optional own search words (free text) instead of the book's title and author."""

    query: str | None = Field(default=None, max_length=300)


@router.post("/{request_id}/interactive-search")
@calls_out
def search_now(
    request_id: uuid.UUID,
    principal: CurrentUser,
    services: ServicesDep,
    body: SearchBody | None = None,
) -> ReleaseList:
    _allowed(services, principal, request_id, RequestAction.INTERACTIVE_SEARCH)
    query = " ".join(((body.query if body else None) or "").split()) or None
    rows = interactive_search(
        services.sessions,
        request_id,
        search=configured_searcher(services),
        profile=ranking_profile(services.config),
        query=query,
    )
    return ReleaseList(releases=[_release_out(row) for row in rows])


@router.post("/{request_id}/select-release")
def pick(
    request_id: uuid.UUID, body: PickBody, principal: CurrentUser, services: ServicesDep
) -> RequestOut:
    _allowed(services, principal, request_id, RequestAction.PICK_RELEASE)
    with transaction(services.sessions) as session:
        request = service.get_visible(session, requester_of(principal), request_id)
        choose_release(session, request, body.guid, now=services.clock.now(), log=NullEventLog())
        return request_out(request, session.get_one(Audiobook, request.audiobook_id))


@router.post("/{request_id}/retry-import")
def retry(request_id: uuid.UUID, principal: CurrentAdmin, services: ServicesDep) -> RequestOut:
    with transaction(services.sessions) as session:
        request = service.get_visible(session, requester_of(principal), request_id)
        retry_import(session, request, now=services.clock.now())
        return request_out(request, session.get_one(Audiobook, request.audiobook_id))


class LinkBody(BaseModel):
    plex_guid: str = Field(min_length=1, max_length=512)


@router.post("/{request_id}/link-library-item")
def link(
    request_id: uuid.UUID, body: LinkBody, principal: CurrentAdmin, services: ServicesDep
) -> RequestOut:
    """Mark the request (and others waiting for its book) available as this library item."""
    with transaction(services.sessions) as session:
        link_request(session, request_id, body.plex_guid, now=services.clock.now())
        request = service.get_visible(session, requester_of(principal), request_id)
        return request_out(request, session.get_one(Audiobook, request.audiobook_id))
