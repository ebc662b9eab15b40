"""Request routes: create (permissions and quota applied), list, read, cancel, delete, retry,
approve and decline (row-level access enforced)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from sqlalchemy import Row

from earmark.api.access import CurrentAdmin, CurrentUser, Principal, ServicesDep
from earmark.api.book_lookup import lookup_new_book
from earmark.api.client_cleanup import remove_from_client
from earmark.api.thread_pools import PooledRoute, calls_out
from earmark.core.errors import EarmarkError
from earmark.core.paging import MAX_OFFSET
from earmark.db.engine import transaction
from earmark.downloads.service import release_unneeded_download
from earmark.ebooks.service import start_ebook
from earmark.requests import repository, service
from earmark.requests.models import Audiobook, Request
from earmark.requests.schemas import NewBook, Requester, RequestFilter
from earmark.requests.states import STEP_LABELS, RequestStatus, parse_status
from earmark.series.requesting import request_as_user
from earmark.settings_store.catalogue import EbookSettings, RequestsSettings
from earmark.wiring import Services

router = APIRouter(route_class=PooledRoute, prefix="/api/requests", tags=["requests"])


class CreateRequestBody(BaseModel):
    asin: str = Field(min_length=1, max_length=32)
    # Also get the book's ebook (docs/ebooks.md); refused while ebook companions are off.
    ebook: bool = False
    # The Audible region the book was found in (a search's own region); default: the setting.
    region: str | None = Field(default=None, max_length=8)


class BookOut(BaseModel):
    id: uuid.UUID
    asin: str | None
    title: str
    author: str
    narrator: str | None
    cover_url: str | None
    isbn: str | None = None
    year: int | None = None


class RequestOut(BaseModel):
    id: uuid.UUID
    user_id: uuid.UUID
    status: RequestStatus
    step: str
    progress: int
    error_message: str | None
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    book: BookOut


class RequestPage(BaseModel):
    items: list[RequestOut]
    total: int
    limit: int
    offset: int


class StatusChangeOut(BaseModel):
    from_status: RequestStatus | None
    to_status: RequestStatus
    reason: str | None
    at: datetime


class RequestDetail(RequestOut):
    history: list[StatusChangeOut]


def requester_of(principal: Principal) -> Requester:
    return Requester(user_id=principal.id, is_admin=principal.is_admin)


def request_out(request: Request | Row[Any, Any], book: Audiobook | Row[Any, Any]) -> RequestOut:
    """A request and its book as the API answers; from ORM rows or from the request list's
    REQUEST_SUMMARY / BOOK_SUMMARY columns (requests/repository.py)."""
    cover = f"/api/covers/{book.audible_asin}" if book.audible_asin else book.cover_art_url
    return RequestOut(
        id=request.id,
        user_id=request.user_id,
        status=request.status,
        step=STEP_LABELS[request.status],
        progress=request.progress,
        error_message=request.error_message,
        created_at=request.created_at,
        updated_at=request.updated_at,
        completed_at=request.completed_at,
        book=BookOut(
            id=book.id,
            asin=book.audible_asin,
            title=book.title,
            author=book.author,
            narrator=book.narrator,
            cover_url=cover,
            isbn=book.isbn,
            year=book.publication_year,
        ),
    )


@router.post("", status_code=201, response_model=RequestOut)
@calls_out
def create(body: CreateRequestBody, principal: CurrentUser, services: ServicesDep) -> RequestOut:
    asin = service.validate_asin(body.asin)
    book = lookup_new_book(services, asin, body.region)
    return create_for(services, principal, book, ebook=body.ebook)


def create_for(
    services: Services, principal: Principal, book: NewBook, *, ebook: bool = False
) -> RequestOut:
    """The principal's request for `book`, with their permissions, quota and approval applied
    (`ebook`: also fetch its ebook, docs/ebooks.md)."""
    now = services.clock.now()
    defaults = services.config.section(RequestsSettings)
    with transaction(services.sessions) as session:
        request = request_as_user(session, principal.id, book, defaults, now=now)
        if ebook:
            enabled = services.config.section(EbookSettings).enabled
            start_ebook(session, request, enabled=enabled, now=now)
        audiobook = session.get_one(Audiobook, request.audiobook_id)
        return request_out(request, audiobook)


@router.get("", response_model=RequestPage)
def list_requests(
    principal: CurrentUser,
    services: ServicesDep,
    status: Annotated[str | None, Query(description="Only this status")] = None,
    mine: Annotated[bool, Query(description="Admins: only my own requests")] = False,
    q: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> RequestPage:
    wanted = None if status is None else parse_status(status)
    if status is not None and wanted is None:
        return RequestPage(items=[], total=0, limit=limit, offset=offset)
    only_user = principal.id if (mine or not principal.is_admin) else None
    flt = RequestFilter(
        status=wanted,
        user_id=only_user,
        search=q,
        limit=limit,
        offset=offset,
    )
    with services.sessions() as session:
        rows, total = repository.list_request_summaries(session, flt)
        items = [request_out(r, b) for r, b in rows]
    return RequestPage(items=items, total=total, limit=limit, offset=offset)


@router.get("/{request_id}", response_model=RequestDetail)
def read(request_id: uuid.UUID, principal: CurrentUser, services: ServicesDep) -> RequestDetail:
    with services.sessions() as session:
        request = service.get_visible(session, requester_of(principal), request_id)
        book = session.get_one(Audiobook, request.audiobook_id)
        history = [
            StatusChangeOut(
                from_status=c.from_status, to_status=c.to_status, reason=c.reason, at=c.created_at
            )
            for c in repository.status_history(session, request.id)
        ]
        return RequestDetail(**request_out(request, book).model_dump(), history=history)


@router.post("/{request_id}/cancel", response_model=RequestOut)
@calls_out
def cancel(request_id: uuid.UUID, principal: CurrentUser, services: ServicesDep) -> RequestOut:
    now = services.clock.now()
    with transaction(services.sessions) as session:
        request = service.cancel_request(session, requester_of(principal), request_id, now=now)
        unneeded = release_unneeded_download(session, request, now=now)
        answer = request_out(request, session.get_one(Audiobook, request.audiobook_id))
    remove_from_client(services, unneeded)
    return answer


@router.post("/{request_id}/retry-search", response_model=RequestOut)
def retry_search(
    request_id: uuid.UUID, principal: CurrentUser, services: ServicesDep
) -> RequestOut:
    with transaction(services.sessions) as session:
        request = service.retry_search(
            session, requester_of(principal), request_id, now=services.clock.now()
        )
        return request_out(request, session.get_one(Audiobook, request.audiobook_id))


@router.delete("/{request_id}", status_code=204)
@calls_out
def delete(request_id: uuid.UUID, principal: CurrentAdmin, services: ServicesDep) -> None:
    with transaction(services.sessions) as session:
        request = service.get_visible(session, requester_of(principal), request_id)
        unneeded = release_unneeded_download(session, request, now=services.clock.now())
        service.delete_request(session, requester_of(principal), request_id)
    remove_from_client(services, unneeded)


class DecisionBody(BaseModel):
    note: str | None = Field(default=None, max_length=1000)


class BulkDecisionBody(DecisionBody):
    ids: list[uuid.UUID] = Field(min_length=1, max_length=200)
    decision: Literal["approve", "decline"]


class BulkRefusal(BaseModel):
    id: uuid.UUID
    message: str


class BulkDecisionOut(BaseModel):
    done: list[RequestOut]
    refused: list[BulkRefusal]


_DECIDE = {"approve": service.approve_request, "decline": service.decline_request}


def _decide(
    services: Services, request_id: uuid.UUID, decision: str, note: str | None
) -> RequestOut:
    with transaction(services.sessions) as session:
        request = _DECIDE[decision](session, request_id, note=note, now=services.clock.now())
        return request_out(request, session.get_one(Audiobook, request.audiobook_id))


@router.post("/{request_id}/approve", response_model=RequestOut)
def approve(
    request_id: uuid.UUID, body: DecisionBody, _: CurrentAdmin, services: ServicesDep
) -> RequestOut:
    return _decide(services, request_id, "approve", body.note)


@router.post("/{request_id}/decline", response_model=RequestOut)
def decline(
    request_id: uuid.UUID, body: DecisionBody, _: CurrentAdmin, services: ServicesDep
) -> RequestOut:
    return _decide(services, request_id, "decline", body.note)


@router.post("/decisions", response_model=BulkDecisionOut)
def decide_many(body: BulkDecisionBody, _: CurrentAdmin, services: ServicesDep) -> BulkDecisionOut:
    """Approve or decline several waiting requests; each is its own transaction."""
    done: list[RequestOut] = []
    refused: list[BulkRefusal] = []
    for request_id in dict.fromkeys(body.ids):
        try:
            done.append(_decide(services, request_id, body.decision, body.note))
        except EarmarkError as exc:
            refused.append(BulkRefusal(id=request_id, message=exc.message))
    return BulkDecisionOut(done=done, refused=refused)
