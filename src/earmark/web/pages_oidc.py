"""The browser's OpenID sign-in: off to the provider, and back (docs/auth.md).

Both routes answer with a redirect, never an error page: a failure lands on
`/login?oidc_error=<reason>`, where the sign-in page shows that reason's sentence.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from earmark.api.access import client_address, public_route, services_of, set_session_cookies
from earmark.api.oidc import CALLBACK_PATH, Logins, redirect_uri
from earmark.api.thread_pools import OutboundRoute
from earmark.db.engine import transaction
from earmark.users.errors import OidcSignInFailed, TooManyAttempts
from earmark.users.oidc_login import LOGIN_TTL
from earmark.users.rate_limit import OIDC_SIGN_IN_THROTTLE
from earmark.web.pages_public import safe_redirect_target
from earmark.web.rendering import base_path

router = APIRouter(route_class=OutboundRoute, include_in_schema=False)
OIDC_LOGIN_COOKIE = "earmark_oidc"


def _failed(request: Request, reason: str) -> RedirectResponse:
    response = RedirectResponse(
        f"{base_path(request)}/login?oidc_error={quote(reason)}", status_code=303
    )
    response.delete_cookie(OIDC_LOGIN_COOKIE, path=base_path(request) or "/")
    return response


def _throttle(request: Request) -> None:
    services = services_of(request)
    with transaction(services.sessions) as session:
        OIDC_SIGN_IN_THROTTLE.hit(session, client_address(request), services.clock.now())


@router.get("/auth/oidc/start", dependencies=[public_route])
def start(request: Request, logins: Logins, redirect: str | None = None) -> RedirectResponse:
    try:
        _throttle(request)
        started = logins.start(redirect_uri(request), safe_redirect_target(redirect))
    except TooManyAttempts:
        return _failed(request, "throttled")
    except OidcSignInFailed as exc:
        return _failed(request, exc.reason)
    response = RedirectResponse(started.authorization_url, status_code=303)
    response.set_cookie(
        OIDC_LOGIN_COOKIE,
        started.sealed,
        max_age=int(LOGIN_TTL.total_seconds()),
        httponly=True,
        # Lax: the provider's redirect back is a top-level GET navigation, which carries it.
        samesite="lax",
        secure=request.url.scheme == "https",
        path=base_path(request) or "/",
    )
    return response


@router.get(CALLBACK_PATH, dependencies=[public_route])
def callback(request: Request, logins: Logins) -> RedirectResponse:
    try:
        _throttle(request)
        pending = logins.pending(request.cookies.get(OIDC_LOGIN_COOKIE))
        user = logins.finish(pending, dict(request.query_params))
    except TooManyAttempts:
        return _failed(request, "throttled")
    except OidcSignInFailed as exc:
        return _failed(request, exc.reason)
    response = RedirectResponse(base_path(request) + pending.next_path, status_code=303)
    response.delete_cookie(OIDC_LOGIN_COOKIE, path=base_path(request) or "/")
    set_session_cookies(response, request, user)
    return response
