"""Series and author shelves, "request the missing ones", and follows (signed-in users)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from earmark.api.access import CurrentUser, ServicesDep
from earmark.api.catalog import catalog_service
from earmark.api.thread_pools import OutboundRoute
from earmark.integrations.catalog_sources import BookMetadata
from earmark.integrations.series_sources import build_series_source
from earmark.series import follows
from earmark.series.listing import ShelfService, clean_key, fetch_books, is_preorder
from earmark.series.models import FollowKind
from earmark.series.schemas import (
    FollowIn,
    FollowOut,
    NewFromFollowsItem,
    Shelf,
    ShelfRequestResult,
)
from earmark.settings_store.catalogue import RequestsSettings
from earmark.wiring import Services

router = APIRouter(route_class=OutboundRoute, prefix="/api", tags=["series"])

AuthorName = Annotated[str, Query(min_length=1, max_length=200, description="As credited")]


def shelf_service(services: Services) -> ShelfService:
    return ShelfService(services.sessions, catalog_service(services), build_series_source(services))


@router.get("/series/{asin}", response_model=Shelf)
def series(asin: str, principal: CurrentUser, services: ServicesDep) -> Shelf:
    """The series' books in order, each owned, available, requested or requestable."""
    return shelf_service(services).shelf(
        FollowKind.SERIES, asin, principal.id, services.clock.now()
    )


@router.post("/series/{asin}/request", response_model=ShelfRequestResult)
def request_series(asin: str, principal: CurrentUser, services: ServicesDep) -> ShelfRequestResult:
    """One request per book not owned or requested, each with the single request's rules."""
    return shelf_service(services).request_missing(
        FollowKind.SERIES,
        asin,
        principal.id,
        services.config.section(RequestsSettings),
        services.clock.now(),
    )


@router.get("/authors", response_model=Shelf)
def author(name: AuthorName, principal: CurrentUser, services: ServicesDep) -> Shelf:
    return shelf_service(services).shelf(
        FollowKind.AUTHOR, name, principal.id, services.clock.now()
    )


@router.post("/authors/request", response_model=ShelfRequestResult)
def request_author(
    name: AuthorName, principal: CurrentUser, services: ServicesDep
) -> ShelfRequestResult:
    return shelf_service(services).request_missing(
        FollowKind.AUTHOR,
        name,
        principal.id,
        services.config.section(RequestsSettings),
        services.clock.now(),
    )


@router.get("/follows", response_model=list[FollowOut])
def my_follows(principal: CurrentUser, services: ServicesDep) -> list[FollowOut]:
    with services.sessions() as session:
        return follows.list_follows(session, principal.id)


@router.post("/follows", status_code=201, response_model=FollowOut)
def follow(body: FollowIn, principal: CurrentUser, services: ServicesDep) -> FollowOut:
    """Follow an author or a series; the books it has today count as seen."""
    key = clean_key(body.kind, body.key)
    title, pairs = fetch_books(build_series_source(services), body.kind, key)
    return follows.follow(
        services.sessions,
        principal.id,
        body.kind,
        key,
        title,
        [book for _, book in pairs],
        auto_request=body.auto_request,
        now=services.clock.now(),
    )


@router.delete("/follows/{follow_id}", status_code=204)
def unfollow(follow_id: uuid.UUID, principal: CurrentUser, services: ServicesDep) -> None:
    follows.unfollow(services.sessions, principal.id, follow_id)


class NewFromFollows(BaseModel):
    items: list[NewFromFollowsItem] = Field(default_factory=list)


@router.get("/follows/new", response_model=NewFromFollows)
def new_from_follows(principal: CurrentUser, services: ServicesDep) -> NewFromFollows:
    """Books found new for the caller's follows (new releases and pre-orders), newest first."""
    return NewFromFollows(items=new_items(services, principal.id))


def new_items(services: Services, user_id: uuid.UUID) -> list[NewFromFollowsItem]:
    today = services.clock.now().date()
    with services.sessions() as session:
        rows = follows.new_from_follows(session, user_id)
    books = [
        BookMetadata(b.asin, b.title, authors=(b.author,), release_date=b.release_date)
        for _, b in rows
    ]
    annotated = catalog_service(services).annotate(books, user_id)
    return [
        NewFromFollowsItem(
            follow=follows.follow_out(f),
            book=book,
            preorder=is_preorder(b.release_date, today),
            first_seen_at=b.first_seen_at,
        )
        for (f, b), book in zip(rows, annotated, strict=True)
    ]
