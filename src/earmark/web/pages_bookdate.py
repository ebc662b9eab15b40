"""The BookDate page: a card stack of AI recommendations to swipe, with onboarding and history."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from earmark.api.access import CurrentUser, services_of
from earmark.api.thread_pools import OutboundRoute
from earmark.bookdate import settings as bookdate_settings
from earmark.bookdate.prompt import MAX_CUSTOM_PROMPT_CHARS
from earmark.web.rendering import render

router = APIRouter(route_class=OutboundRoute, include_in_schema=False)


@router.get("/bookdate")
def bookdate_page(request: Request, user: CurrentUser) -> HTMLResponse:
    services = services_of(request)
    with services.sessions() as session:
        preferences = bookdate_settings.read_preferences(session, user.id)
    context = {
        "preferences": asdict(preferences),
        "enabled": bookdate_settings.read_settings(services.config).enabled,
        "prompt_limit": MAX_CUSTOM_PROMPT_CHARS,
    }
    return render(request, "bookdate.html", context, user)
