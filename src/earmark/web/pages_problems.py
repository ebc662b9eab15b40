"""The admins' list of open problem reports (docs/problems.md); writes go to the JSON API."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from earmark.api.access import CurrentAdmin, services_of
from earmark.api.thread_pools import PooledRoute
from earmark.web.problem_views import open_problem_rows
from earmark.web.rendering import render

router = APIRouter(route_class=PooledRoute, include_in_schema=False)


@router.get("/admin/problems")
def problems_page(request: Request, admin: CurrentAdmin) -> HTMLResponse:
    with services_of(request).sessions() as session:
        rows = open_problem_rows(session)
    return render(request, "admin/problems.html", {"rows": rows}, admin)
