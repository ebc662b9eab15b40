"""Admin pages: dashboard, users, approvals, notifications, jobs, logs, settings and doctor (all
reads; writes go to the JSON API)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from earmark.api.access import CurrentAdmin, services_of
from earmark.api.admin_settings import WRITABLE_SYSTEM_KEYS
from earmark.api.oidc import redirect_uri
from earmark.api.thread_pools import PooledRoute, calls_out
from earmark.core.paging import MAX_PAGE
from earmark.doctor import run_doctor
from earmark.queue import scheduler
from earmark.queue.models import EVENT_LEVELS, JOB_TYPES
from earmark.queue.schemas import ScheduleOut
from earmark.requests.notify import NotificationEvent
from earmark.web import admin_views, request_views
from earmark.web.rendering import keep_in_address, render
from earmark.web.settings_forms import (
    choice_labels,
    indexer_picker,
    key_prefixes,
    media_server_tabs,
    media_server_test,
    settings_fields,
    widget_of,
)

router = APIRouter(route_class=PooledRoute, include_in_schema=False)

SETTINGS_TABS = {
    "media_server": "Media server",
    **media_server_tabs(),
    "indexer": "Indexers",
    "download_client": "Download client",
    "usenet_client": "Usenet client",
    "paths": "Paths",
    "import": "Import",
    "ranking": "Ranking",
    "requests": "Requests & accounts",
    "bookdate": "BookDate",
    "oidc": "OpenID sign-in",
    "ebooks": "Ebooks",
    # Only the system settings an admin may change (WRITABLE_SYSTEM_KEYS): the Audible region.
    "system": "Audible store",
}


def _overview(request: Request) -> request_views.AdminOverview:
    with services_of(request).sessions() as session:
        return request_views.admin_overview(session)


@router.get("/admin")
def dashboard_page(request: Request, admin: CurrentAdmin) -> HTMLResponse:
    return render(request, "admin/dashboard.html", {"overview": _overview(request)}, admin)


@router.get("/partials/admin/overview")
def overview_partial(request: Request, admin: CurrentAdmin) -> HTMLResponse:
    return render(request, "partials/admin_overview.html", {"overview": _overview(request)}, admin)


@router.get("/admin/users")
def users_page(request: Request, admin: CurrentAdmin) -> HTMLResponse:
    with services_of(request).sessions() as session:
        users = admin_views.users_with_counts(session)
    return render(request, "admin/users.html", {"users": users}, admin)


@router.get("/admin/notifications")
def notifications_page(request: Request, admin: CurrentAdmin) -> HTMLResponse:
    context = {
        "events": list(NotificationEvent),
        "event_labels": {event.value: event.label for event in NotificationEvent},
    }
    return render(request, "admin/notifications.html", context, admin)


@router.get("/admin/approvals")
def approvals_page(request: Request, admin: CurrentAdmin) -> HTMLResponse:
    with services_of(request).sessions() as session:
        cards = request_views.awaiting_approval(session)
    return render(request, "admin/approvals.html", {"cards": cards}, admin)


@router.get("/admin/jobs")
def jobs_page(request: Request, admin: CurrentAdmin) -> HTMLResponse:
    with services_of(request).sessions() as session:
        jobs = admin_views.recent_jobs(session)
        schedules = [ScheduleOut.model_validate(s) for s in scheduler.list_schedules(session)]
    return render(request, "admin/jobs.html", {"jobs": jobs, "schedules": schedules}, admin)


@router.get("/admin/doctor")
@calls_out
def doctor_page(request: Request, admin: CurrentAdmin) -> HTMLResponse:
    """The page loads the findings from the partial below (the checks can take seconds)."""
    return render(request, "admin/doctor.html", {}, admin)


@router.get("/partials/admin/doctor")
@calls_out
def doctor_partial(request: Request, admin: CurrentAdmin) -> HTMLResponse:
    services = services_of(request)
    findings = run_doctor(services)
    context = {
        "findings": findings,
        "problems": sum(1 for finding in findings if finding.failed),
        "checked_at": services.clock.now(),
    }
    return render(request, "partials/doctor_findings.html", context, admin)


def _log_context(request: Request, flt: admin_views.LogFilter) -> dict[str, object]:
    with services_of(request).sessions() as session:
        page = admin_views.job_events(session, flt)
    return {"logs": page, "filter": flt, "levels": EVENT_LEVELS, "job_types": JOB_TYPES}


def _log_filter(
    level: str = "",
    job_type: str = "",
    request_id: str = "",
    text: str = "",
    page: int = Query(1, ge=1, le=MAX_PAGE),
) -> admin_views.LogFilter:
    """The log filter from the query string; shared by the full page and its HTMX table."""
    return admin_views.LogFilter(
        level=level, job_type=job_type, request_id=request_id, text=text, page=page
    )


LogFilterQuery = Annotated[admin_views.LogFilter, Depends(_log_filter)]


@router.get("/admin/logs")
def logs_page(request: Request, admin: CurrentAdmin, flt: LogFilterQuery) -> HTMLResponse:
    return render(request, "admin/logs.html", _log_context(request, flt), admin)


@router.get("/partials/admin/logs")
def logs_partial(request: Request, admin: CurrentAdmin, flt: LogFilterQuery) -> HTMLResponse:
    html = render(request, "partials/log_table.html", _log_context(request, flt), admin)
    return keep_in_address(request, html, "/admin/logs")


@router.get("/admin/settings")
def settings_page(request: Request, admin: CurrentAdmin, tab: str = "plex") -> HTMLResponse:
    tab = tab if tab in SETTINGS_TABS else "plex"
    values = services_of(request).config.public_view(tab)
    if tab == "system":
        values = {key: value for key, value in values.items() if key in WRITABLE_SYSTEM_KEYS}
    fields = settings_fields(values)
    context = {
        "tabs": SETTINGS_TABS,
        "tab": tab,
        "fields": fields,
        "widgets": {d.key: w for d, _ in fields if (w := widget_of(d)) is not None},
        "picker": indexer_picker(),
        "choice_labels": choice_labels(),
        "key_prefixes": key_prefixes(),
        "oidc_redirect_uri": redirect_uri(request) if tab == "oidc" else None,
        "media_server_test": media_server_test(tab),
    }
    return render(request, "admin/settings.html", context, admin)
