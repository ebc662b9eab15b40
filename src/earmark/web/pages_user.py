"""Pages for signed-in users: home with discovery rows and search, book details, my requests and
each request's own page."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from earmark.api.access import CurrentUser, services_of
from earmark.api.catalog import catalog_service, details_region
from earmark.api.series import new_items
from earmark.api.thread_pools import PooledRoute, calls_out
from earmark.catalog.schemas import BookOut
from earmark.core.errors import EarmarkError, NotFound
from earmark.core.paging import MAX_PAGE
from earmark.ebooks.service import NO_EBOOK_FOR
from earmark.integrations.catalog_sources import Chart
from earmark.integrations.registry import (
    audible_region,
    build_catalog_source,
    media_server_item_link,
)
from earmark.requests.problems import latest_report
from earmark.requests.schemas import Requester
from earmark.requests.states import RequestAction
from earmark.settings_store.catalogue import EbookSettings, RequestsSettings
from earmark.users.permissions import effective_for
from earmark.web import request_views
from earmark.web.presenters import ALL_TAB, TAB_LABELS
from earmark.web.problem_views import problem_context
from earmark.web.rendering import keep_in_address, render
from earmark.web.settings_forms import REGION_LABELS

router = APIRouter(route_class=PooledRoute, include_in_schema=False)

ROW_SIZE = 20
CHART_TITLES: dict[Chart, str] = {"popular": "Popular audiobooks", "new_releases": "New releases"}


def _row_context(request: Request, user: CurrentUser, chart: Chart, page: int) -> dict[str, object]:
    books = catalog_service(services_of(request)).chart(chart, user.id, page, ROW_SIZE)
    return {"kind": chart, "title": CHART_TITLES[chart], "books": books}


@router.get("/")
def home_page(request: Request, user: CurrentUser) -> HTMLResponse:
    rows = [_row_context(request, user, chart, 1) for chart in CHART_TITLES]
    followed = new_items(services_of(request), user.id)[:ROW_SIZE]
    return render(request, "home.html", {"rows": rows, "new_from_follows": followed}, user)


@router.get("/partials/discovery/{kind}")
def discovery_partial(
    request: Request, user: CurrentUser, kind: str, page: int = Query(1, ge=1, le=MAX_PAGE)
) -> HTMLResponse:
    chart = next((c for c in CHART_TITLES if c == kind), None)
    if chart is None:
        raise NotFound(f"There is no '{kind}' list.")
    row = _row_context(request, user, chart, page)
    return render(request, "partials/discovery_row.html", {"row": row}, user)


def _search_context(request: Request, user: CurrentUser, q: str, region: str) -> dict[str, object]:
    """Live catalog results of the chosen Audible region (default: the configured one), or the
    upstream's person-readable error instead of a failed page."""
    services = services_of(request)
    context: dict[str, object] = {
        "q": q,
        "results": None,
        "error": None,
        "regions": REGION_LABELS,
        "default_region": audible_region(services),
    }
    try:
        context["region"] = code = audible_region(services, region)
        if len(q.strip()) >= 2:
            source = build_catalog_source(services, region=code)
            context["results"] = catalog_service(services).search(source, user.id, q, 1, code)
    except EarmarkError as exc:
        context["error"] = exc.message
    return context


@router.get("/search")
@calls_out
def search_page(request: Request, user: CurrentUser, q: str = "", region: str = "") -> HTMLResponse:
    return render(request, "search.html", _search_context(request, user, q, region), user)


@router.get("/partials/search")
@calls_out
def search_partial(
    request: Request, user: CurrentUser, q: str = "", region: str = ""
) -> HTMLResponse:
    context = _search_context(request, user, q, region)
    html = render(request, "partials/search_results.html", context, user)
    return keep_in_address(request, html, "/search")


@router.get("/partials/books/{asin}")
@calls_out
def book_partial(request: Request, user: CurrentUser, asin: str, region: str = "") -> HTMLResponse:
    services = services_of(request)
    book: BookOut | None = None
    error: str | None = None
    try:
        catalog = catalog_service(services)
        source = build_catalog_source(
            services, region=details_region(services, catalog, asin, region)
        )
        book = catalog.details(source, user.id, asin)
    except EarmarkError as exc:
        error = exc.message
    ebooks_on = services.config.section(EbookSettings).enabled
    context = {"book": book, "error": error, "ebook_choice": ebooks_on}
    return render(request, "partials/book_detail.html", context, user)


def _granted(request: Request, user: CurrentUser) -> frozenset[RequestAction]:
    """The request actions the user's permissions add (pages show only what the API takes)."""
    services = services_of(request)
    with services.sessions() as session:
        return effective_for(session, user.id, services.config.section(RequestsSettings)).granted()


def _requests_context(request: Request, user: CurrentUser, tab: str) -> dict[str, object]:
    tab = tab if tab in TAB_LABELS else ALL_TAB
    services = services_of(request)
    with services.sessions() as session:
        cards, counts = request_views.user_requests(session, user.id, tab)
    return {
        "tab": tab,
        "tabs": TAB_LABELS,
        "all_tab": ALL_TAB,
        "cards": cards,
        "counts": counts,
        "granted": _granted(request, user),
        "library_link": media_server_item_link(services),
    }


@router.get("/requests")
def requests_page(request: Request, user: CurrentUser, tab: str = "all") -> HTMLResponse:
    return render(request, "requests.html", _requests_context(request, user, tab), user)


@router.get("/partials/requests")
def requests_partial(request: Request, user: CurrentUser, tab: str = "all") -> HTMLResponse:
    context = _requests_context(request, user, tab)
    return render(request, "partials/request_list.html", context, user)


@router.get("/requests/{request_id}")
def request_page(request: Request, user: CurrentUser, request_id: uuid.UUID) -> HTMLResponse:
    requester = Requester(user_id=user.id, is_admin=user.is_admin)
    with services_of(request).sessions() as session:
        page = request_views.request_page(session, requester, request_id)
        problem = latest_report(session, request_id)
    ebooks_on = services_of(request).config.section(EbookSettings).enabled
    context = {
        "page": page,
        "r": page.card,
        "granted": _granted(request, user),
        "ebook_offered": ebook_offered(ebooks_on, page),
        **problem_context(problem),
    }
    return render(request, "request.html", context, user)


def ebook_offered(ebooks_on: bool, page: request_views.RequestPage) -> bool:
    """'Also get the ebook' (or 'search again') is offered while the feature is on."""
    if not ebooks_on or page.card.status in NO_EBOOK_FOR:
        return False
    return page.ebook is None or page.ebook.can_ask_again
