"""The Jinja environment (autoescaped) and the one function pages use to render a template."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse

from earmark import __version__
from earmark.api.access import Principal, services_of
from earmark.ebooks.states import EbookStatus
from earmark.requests.states import ProgressGroup, RequestAction, RequestStatus
from earmark.web import presenters

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"


@lru_cache(maxsize=1)
def environment() -> Environment:
    """Built by the first page rendered: a process imports Jinja when it first serves a page."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        badge=presenters.status_badge,
        doctor_badge=presenters.doctor_badge,
        status_badges=presenters.status_badges,
        step=presenters.request_step,
        progress_bar_tone=presenters.progress_bar_tone,
        shows_reason=presenters.shows_reason,
        request_actions=presenters.request_actions,
        retry_search_label=presenters.retry_search_label,
        next_retry_text=presenters.next_retry_text,
        Action=RequestAction,
        Status=RequestStatus,
        Group=ProgressGroup,
        score_tone=presenters.score_tone,
        initials=presenters.initials,
        version=__version__,
        EbookStatus=EbookStatus,
    )
    env.filters.update(
        duration=presenters.format_duration_minutes,
        size=presenters.format_size,
        speed=presenters.format_speed,
    )
    return env


def base_path(request: Request) -> str:
    root: str = request.scope.get("root_path", "") or ""
    return root.rstrip("/")


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    principal: Principal | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """Render `template` with the caller, the base path and a clock-aware `ago` helper."""
    now = services_of(request).clock.now()
    page = {
        "request": request,
        "user": principal,
        "base": base_path(request),
        "path": request.url.path,
        "ago": lambda moment: presenters.relative_time(moment, now),
        "elapsed": presenters.elapsed_text,
        **context,
    }
    html = environment().get_template(template).render(page)
    return HTMLResponse(html, status_code=status_code)


def keep_in_address(request: Request, response: HTMLResponse, page_path: str) -> HTMLResponse:
    """Put a live-filtered page's state in its address bar.

    The page's live search or filter answers through an htmx partial; this names the full page
    URL with the same non-empty query parameters (`HX-Replace-Url`), so reload, Back and a shared
    link show the same results. Only when the partial was asked for from that page itself: the
    home page's search box shows results in place and keeps its own address.
    """
    current = urlsplit(request.headers.get("HX-Current-URL", "")).path
    target = base_path(request) + page_path
    if request.headers.get("HX-Request") != "true" or current != target:
        return response
    query = urlencode([(key, value) for key, value in request.query_params.multi_items() if value])
    response.headers["HX-Replace-Url"] = f"{target}?{query}" if query else target
    return response
