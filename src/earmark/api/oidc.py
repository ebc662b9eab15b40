"""OpenID Connect: the redirect URI, the sign-in service for a request, the discovery test.

The browser's sign-in routes (`/auth/oidc/start`, `/auth/oidc/callback`) are in
web/pages_oidc.py.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from earmark.api.access import CurrentAdmin, ServicesDep, services_of
from earmark.api.connection_tests import ReportOut
from earmark.api.thread_pools import OutboundRoute
from earmark.core.setting_fields import Url
from earmark.users.errors import OidcProviderUnusable
from earmark.users.oidc_login import OidcLoginService
from earmark.users.oidc_provider import OidcProviderClient, ProviderCache

router = APIRouter(route_class=OutboundRoute, prefix="/api/admin/settings", tags=["admin settings"])
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


class DiscoveryTestIn(BaseModel):
    issuer_url: Url


@router.post("/test/oidc")
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
