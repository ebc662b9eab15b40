"""Pages open to signed-out visitors: sign-in, Plex profile picker and the first-run setup wizard."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from earmark.api.access import public_route, services_of
from earmark.api.thread_pools import PooledRoute
from earmark.integrations.registry import media_server_sign_in_choices
from earmark.settings_store.catalogue import AccountSettings, OidcSettings
from earmark.users.errors import OIDC_FAILURES
from earmark.web.page_access import setup_admin_exists, setup_completed, visitor
from earmark.web.rendering import base_path, render
from earmark.web.settings_forms import setup_choices

router = APIRouter(route_class=PooledRoute, include_in_schema=False)


def safe_redirect_target(target: str | None) -> str:
    """The path to open after sign-in: a same-site path, or "/" for anything else.

    Browsers drop tab, CR and LF from URLs and read a backslash as a slash, so "/%09/evil.example"
    (a tab) or a backslash path would leave the site; any control character, backslash, scheme or
    host makes the target "/". The sign-in page checks the resolved URL's origin once more.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    if "\\" in target or any(ord(char) < 0x20 or ord(char) == 0x7F for char in target):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    return target


@router.get("/login", dependencies=[public_route])
def login_page(
    request: Request,
    response: Response,
    redirect: str | None = None,
    local: str | None = None,
    oidc_error: str | None = None,
) -> Response:
    """`local=1` shows the username form even when local sign-in is off (for the setup admin)."""
    target = safe_redirect_target(redirect)
    if visitor(request, response) is not None:
        return RedirectResponse(base_path(request) + target, status_code=303)
    if not setup_completed(request) and not setup_admin_exists(request):
        return RedirectResponse(base_path(request) + "/setup", status_code=303)
    oidc = services_of(request).config.section(OidcSettings)
    context = {
        "redirect_to": target,
        "local_login": setup_admin_exists(request)
        and (local == "1" or oidc.local_sign_in_allowed()),
        "oidc_button": oidc.button_label if oidc.configured else None,
        "oidc_start": f"{base_path(request)}/auth/oidc/start?redirect={quote(target, safe='/')}",
        "oidc_error": OIDC_FAILURES.get(oidc_error or ""),
        "registration": services_of(request).config.section(AccountSettings).self_registration,
        **media_server_sign_in_choices(services_of(request)),
    }
    return render(request, "login.html", context)


@router.get("/setup", dependencies=[public_route])
def setup_page(request: Request, response: Response) -> Response:
    if setup_completed(request):
        return RedirectResponse(base_path(request) + "/admin/settings", status_code=303)
    principal = visitor(request, response)
    context = {
        "has_admin": setup_admin_exists(request),
        "setup_code_required": services_of(request).settings.setup_code_required,
        **setup_choices(),
    }
    return render(request, "setup.html", context, principal)
