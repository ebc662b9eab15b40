"""The "request it by title" page: a form for books the Audible catalog does not list."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from earmark.api.access import CurrentUser
from earmark.api.thread_pools import PooledRoute
from earmark.web.rendering import render

router = APIRouter(route_class=PooledRoute, include_in_schema=False)


@router.get("/request-by-title")
def request_by_title_page(request: Request, user: CurrentUser, q: str = "") -> HTMLResponse:
    """The form, its title field filled with what the person searched for (`q`)."""
    return render(request, "request_by_title.html", {"q": q.strip()[:300]}, user)
