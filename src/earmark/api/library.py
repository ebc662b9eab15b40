"""The media server's library as Earmark caches it: search, for admins linking requests by hand."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from earmark.api.access import CurrentAdmin, ServicesDep
from earmark.api.thread_pools import PooledRoute
from earmark.library.linking import search_library

router = APIRouter(route_class=PooledRoute, prefix="/api/library", tags=["library"])


class LibraryItemOut(BaseModel):
    plex_guid: str
    title: str
    author: str
    narrator: str | None
    year: int | None
    asin: str | None
    file_path: str | None
    added_at: datetime | None


class LibraryItemList(BaseModel):
    items: list[LibraryItemOut]


@router.get("/items", response_model=LibraryItemList)
def search_items(
    principal: CurrentAdmin,
    services: ServicesDep,
    q: Annotated[str, Query(max_length=200, description="Words of the title, author or narrator")],
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
) -> LibraryItemList:
    with services.sessions() as session:
        found = search_library(session, q, limit)
        return LibraryItemList(
            items=[LibraryItemOut.model_validate(item, from_attributes=True) for item in found]
        )
