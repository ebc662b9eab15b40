"""OpenID Connect sign-in routes (browser redirects) and the admin's discovery test.

Both sign-in routes answer with a redirect, never an error page: a failure lands on
`/login?oidc_error=<reason>`, where the sign-in page shows the reason's sentence.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel

from earmark.api.access import (
    CurrentAdmin,
    ServicesDep,
    client_address,
    public_route,
    services_of,
    set_session_cookies,
)
from earmark.api.connection_tests import ReportOut
from earmark.core.setting_fields import Url
from earmark.db.engine import transaction
from earmark.users.errors import OidcProviderUnusable, OidcSignInFailed, TooManyAttempts
from earmark.users.oidc_login import LOGIN_TTL, OidcLoginService
from earmark.users.oidc_provider import OidcProviderClient, ProviderCache
from earmark.users.rate_limit import OIDC_SIGN_IN_THROTTLE
from earmark.web.pages_public import safe_redirect_target
from earmark.web.rendering import base_path

router = APIRouter(include_in_schema=False)
admin_router = APIRouter(prefix="/api/admin/settings", tags=["admin settings"])
OIDC_LOGIN_COOKIE = "earmark_oidc"
CALLBACK_PATH = "/auth/oidc/callback"


def redirect_uri(request: Request) -> str:
    """The address the provider sends the browser back to.

    EARMARK_PUBLIC_URL (base path included) when it is set; otherwise as this browser reached
    Earmark: the scheme from X-Forwarded-Proto when EARMARK_TRUSTED_PROXIES trusts the proxy, the
    host from the Host header, then EARMARK_BASE_PATH.
    """
    public_url = services_of(request).settings.public_url
    base = public_url.strip() if public_url and public_url.strip() else str(request.base_url)
    return base.rstrip("/") + CALLBACK_PATH


def provider_client(request: Request) -> OidcProviderClient:
    """One discovery and key cache per app."""
    cache: ProviderCache | None = getattr(request.app.state, "oidc_cache", None)
    if cache is None:
        cache = request.app.state.oidc_cache = ProviderCache()
    return OidcProviderClient(services_of(request).http, cache)


def oidc_logins(request: Request, services: ServicesDep) -> OidcLoginService:
    return OidcLoginService(
        services.sessions,
        services.cipher,
        services.clock,
        services.config,
        provider_client(request),
    )


Logins = Annotated[OidcLoginService, Depends(oidc_logins)]


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


class DiscoveryTestIn(BaseModel):
    issuer_url: Url


@admin_router.post("/test/oidc")
def test_discovery(body: DiscoveryTestIn, request: Request, _: CurrentAdmin) -> ReportOut:
    """Fetch the issuer's discovery document (fresh, not cached) and say what Earmark will use."""
    if not body.issuer_url:
        return ReportOut(ok=False, message="Enter the issuer URL first.", details={})
    try:
        metadata = provider_client(request).metadata(body.issuer_url, fresh=True)
    except OidcProviderUnusable as exc:
        return ReportOut(ok=False, message=exc.message, details={})
    pkce = not metadata.pkce_methods or "S256" in metadata.pkce_methods
    message = f"Found the provider {metadata.issuer}."
    if not pkce:
        message += " It does not list PKCE (S256); sign-in may fail."
    return ReportOut(
        ok=pkce,
        message=message,
        details={
            "authorization_endpoint": metadata.authorization_endpoint,
            "redirect_uri": redirect_uri(request),
        },
    )
