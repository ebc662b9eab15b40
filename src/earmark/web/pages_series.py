"""Series and author pages, and the follows page (what you follow, what is new from it)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from earmark.api.access import CurrentUser, services_of
from earmark.api.series import new_items, shelf_service
from earmark.api.thread_pools import OutboundRoute
from earmark.core.errors import EarmarkError
from earmark.series import follows
from earmark.series.models import FollowKind
from earmark.series.schemas import Shelf
from earmark.web.rendering import render

router = APIRouter(route_class=OutboundRoute, include_in_schema=False)

STATE_BADGES: dict[str, tuple[str, str]] = {
    "owned": ("In your library", "green"),
    "available": ("Available", "green"),
    "requested": ("Requested", "blue"),
    "requestable": ("Not requested", "gray"),
}
"""How a shelf book's state (series/schemas.ShelfState) reads on the page."""


def _shelf_page(request: Request, user: CurrentUser, kind: FollowKind, key: str) -> HTMLResponse:
    services = services_of(request)
    shelf: Shelf | None = None
    error: str | None = None
    try:
        shelf = shelf_service(services).shelf(kind, key, user.id, services.clock.now())
    except EarmarkError as exc:
        error = exc.message
    context = {"shelf": shelf, "error": error, "kind": kind.value, "state_badges": STATE_BADGES}
    return render(request, "shelf.html", context, user)


@router.get("/series/{asin}")
def series_page(request: Request, user: CurrentUser, asin: str) -> HTMLResponse:
    return _shelf_page(request, user, FollowKind.SERIES, asin)


@router.get("/authors")
def author_page(request: Request, user: CurrentUser, name: str = "") -> HTMLResponse:
    return _shelf_page(request, user, FollowKind.AUTHOR, name)


@router.get("/follows")
def follows_page(request: Request, user: CurrentUser) -> HTMLResponse:
    services = services_of(request)
    with services.sessions() as session:
        mine = follows.list_follows(session, user.id)
    context = {"follows": mine, "new_items": new_items(services, user.id)}
    return render(request, "follows.html", context, user)
