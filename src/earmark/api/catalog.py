"""Catalog routes: cached charts, live search and details, and cover images."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from earmark.api.access import CurrentUser, ServicesDep, public_route
from earmark.api.thread_pools import PooledRoute, calls_out
from earmark.catalog.covers import ThumbnailStore
from earmark.catalog.schemas import BookList, BookOut, SearchResults
from earmark.catalog.service import CatalogService
from earmark.core.images import image_type
from earmark.integrations.registry import audible_region, build_catalog_source
from earmark.wiring import Services

router = APIRouter(route_class=PooledRoute, prefix="/api", tags=["catalog"])
COVER_CACHE_CONTROL = "public, max-age=86400"


def catalog_service(services: ServicesDep) -> CatalogService:
    return CatalogService(services.sessions, _thumbnails(services), services.settings.base_path)


async def _catalog_dependency(services: ServicesDep) -> CatalogService:
    """As a coroutine, so building the service does not hop to the thread pool (access.py)."""
    return catalog_service(services)


Catalog = Annotated[CatalogService, Depends(_catalog_dependency)]
# Range checks live in the service so they answer 400 with the same wording everywhere.
Page = Annotated[int, Query()]
Limit = Annotated[int, Query()]
# An Audible region code (us, de...); empty: the configured `system.audible_region`.
Region = Annotated[str, Query()]


def details_region(services: Services, catalog: CatalogService, asin: str, region: str) -> str:
    """The region to look a book up in: the one asked for, else the one its cached copy came
    from, else the configured one (a book found in one region is looked up in that region)."""
    return audible_region(services, region or catalog.cached_region(asin))


@router.get("/catalog/popular", response_model=BookList)
def popular(user: CurrentUser, catalog: Catalog, page: Page = 1, limit: Limit = 20) -> BookList:
    return catalog.chart("popular", user.id, page, limit)


@router.get("/catalog/new-releases", response_model=BookList)
def new_releases(
    user: CurrentUser, catalog: Catalog, page: Page = 1, limit: Limit = 20
) -> BookList:
    return catalog.chart("new_releases", user.id, page, limit)


@router.get("/catalog/search", response_model=SearchResults)
@calls_out
def search(
    user: CurrentUser,
    catalog: Catalog,
    services: ServicesDep,
    q: str = "",
    page: Page = 1,
    region: Region = "",
) -> SearchResults:
    """Live search of the Audible `region` (default: the configured one)."""
    code = audible_region(services, region)
    source = build_catalog_source(services, region=code)
    return catalog.search(source, user.id, q, page, region=code)


@router.get("/catalog/books/{asin}", response_model=BookOut)
@calls_out
def book_details(
    user: CurrentUser, catalog: Catalog, services: ServicesDep, asin: str, region: Region = ""
) -> BookOut:
    source = build_catalog_source(services, region=details_region(services, catalog, asin, region))
    return catalog.details(source, user.id, asin)


@cache
def _placeholder() -> bytes:
    return (resources.files("earmark.web") / "static" / "placeholder-cover.svg").read_bytes()


def _thumbnails(services: Services) -> ThumbnailStore:
    return ThumbnailStore(services.settings.thumbnails_dir)


@router.get("/covers/{asin}", dependencies=[public_route])
@calls_out
def cover(request: Request, services: ServicesDep, asin: str) -> Response:
    """The cached thumbnail, or a placeholder picture when none is cached."""
    thumbnail = _thumbnails(services).read(asin)
    if thumbnail is None:
        return Response(
            _placeholder(),
            media_type="image/svg+xml",
            headers={"Cache-Control": "public, max-age=300"},
        )
    headers = {"Cache-Control": COVER_CACHE_CONTROL, "ETag": thumbnail.etag}
    if request.headers.get("if-none-match") == thumbnail.etag:
        return Response(status_code=304, headers=headers)
    return Response(thumbnail.data, media_type=image_type(thumbnail.data), headers=headers)
