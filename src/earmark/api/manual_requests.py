"""Requests for books the Audible catalog does not list: by title and author (requests/manual.py)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from earmark.api.access import CurrentUser, ServicesDep
from earmark.api.requests import RequestOut, create_for
from earmark.api.thread_pools import PooledRoute
from earmark.requests.manual import MAX_AUTHOR_LENGTH, MAX_TITLE_LENGTH, manual_book

router = APIRouter(route_class=PooledRoute, prefix="/api/requests", tags=["requests"])


class ManualRequestBody(BaseModel):
    """Lengths are checked loosely here and exactly (after tidying) by `manual_book`, whose
    messages name the field."""

    title: str = Field(max_length=MAX_TITLE_LENGTH * 2)
    author: str = Field(max_length=MAX_AUTHOR_LENGTH * 2)
    isbn: str | None = Field(default=None, max_length=32)
    year: int | None = None


@router.post("/manual", status_code=201, response_model=RequestOut)
def create_manual(
    body: ManualRequestBody, principal: CurrentUser, services: ServicesDep
) -> RequestOut:
    """Request a book by title and author; it is searched and ranked like a catalog request,
    without a runtime to check."""
    book = manual_book(
        body.title,
        body.author,
        isbn=body.isbn,
        year=body.year,
        this_year=services.clock.now().year,
    )
    return create_for(services, principal, book)
