"""Access levels for routes: every route declares exactly one of public, user or admin.

Browsers authenticate with HttpOnly cookies (and must echo the CSRF cookie in a header on
state-changing requests); API clients send `Authorization: Bearer <access token>`, or an API key
as `X-Api-Key: <key>` or `Authorization: Bearer <key>` (no ambient credential, so no CSRF check).
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request, Response

from earmark.core.errors import Forbidden, Unauthorized
from earmark.security.tokens import ACCESS_TTL, REFRESH_TTL, InvalidToken, TokenIssuer, TokenType
from earmark.users.api_keys import ApiKeyService, looks_like_api_key
from earmark.users.models import User
from earmark.wiring import Services

ACCESS_COOKIE = "earmark_access"
REFRESH_COOKIE = "earmark_refresh"
CSRF_COOKIE = "earmark_csrf"
CSRF_HEADER = "x-csrf-token"
API_KEY_HEADER = "x-api-key"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
ACCESS_MAX_AGE = int(ACCESS_TTL.total_seconds())
REFRESH_MAX_AGE = int(REFRESH_TTL.total_seconds())


@dataclass(frozen=True)
class Principal:
    """The signed-in user as the request sees them; role read from the database each request."""

    id: uuid.UUID
    username: str
    role: str
    is_setup_admin: bool
    via_cookie: bool

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def services_of(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def issuer_of(request: Request) -> TokenIssuer:
    issuer: TokenIssuer = request.app.state.token_issuer
    return issuer


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _load_user(services: Services, user_id: uuid.UUID, version: int) -> User:
    with services.sessions() as session:
        user = session.get(User, user_id)
    if user is None:
        raise Unauthorized("Your account no longer exists; sign in again.")
    if user.session_version != version or user.disabled:
        raise Unauthorized("Your session has ended; sign in again.")
    return user


def _principal(user: User, via_cookie: bool) -> Principal:
    return Principal(
        user.id, user.plex_username, user.role, user.is_setup_admin, via_cookie=via_cookie
    )


def _api_key_principal(request: Request, key: str) -> Principal:
    services = services_of(request)
    owner = ApiKeyService(services.sessions, services.clock).authenticate(key)
    return _principal(owner, via_cookie=False)


def _bearer_principal(request: Request, token: str) -> Principal:
    if looks_like_api_key(token):
        return _api_key_principal(request, token)
    services = services_of(request)
    try:
        claims = issuer_of(request).verify(token, "access", services.clock.now())
    except InvalidToken as exc:
        raise Unauthorized("Invalid or expired token; sign in again.") from exc
    return _principal(_load_user(services, claims.user_id, claims.session_version), False)


def _cookie_options(request: Request) -> dict[str, Any]:
    services = services_of(request)
    return {
        "samesite": "lax",
        "secure": request.url.scheme == "https",
        "path": services.settings.base_path or "/",
    }


def set_session_cookies(response: Response, request: Request, user: User) -> dict[str, str]:
    """Mint a token pair for `user`, set the browser cookies, and return the pair for API clients."""
    services = services_of(request)
    issuer = issuer_of(request)
    now = services.clock.now()
    access = issuer.issue(user.id, user.session_version, "access", now)
    refresh = issuer.issue(user.id, user.session_version, "refresh", now)
    options = _cookie_options(request)
    response.set_cookie(ACCESS_COOKIE, access, httponly=True, max_age=ACCESS_MAX_AGE, **options)
    response.set_cookie(REFRESH_COOKIE, refresh, httponly=True, max_age=REFRESH_MAX_AGE, **options)
    # Readable by our scripts on purpose: they echo it in the X-CSRF-Token header.
    response.set_cookie(
        CSRF_COOKIE, secrets.token_urlsafe(24), httponly=False, max_age=REFRESH_MAX_AGE, **options
    )
    return {"access_token": access, "refresh_token": refresh}


def set_access_cookie(response: Response, request: Request, access_token: str) -> None:
    options = _cookie_options(request)
    response.set_cookie(
        ACCESS_COOKIE, access_token, httponly=True, max_age=ACCESS_MAX_AGE, **options
    )


def clear_session_cookies(response: Response, request: Request) -> None:
    options = _cookie_options(request)
    for name in (ACCESS_COOKIE, REFRESH_COOKIE, CSRF_COOKIE):
        response.delete_cookie(name, path=options["path"], secure=options["secure"])


def client_address(request: Request) -> str:
    """The caller's address.

    Behind a trusted proxy, ProxyHeadersMiddleware (installed in app.py from
    EARMARK_TRUSTED_PROXIES) has already replaced the peer with the rightmost X-Forwarded-For
    address that is not a trusted proxy, so the header is never read here.
    """
    return request.client.host if request.client else "unknown"


def _check_csrf(request: Request) -> None:
    if request.method in SAFE_METHODS:
        return
    cookie = request.cookies.get(CSRF_COOKIE)
    header = request.headers.get(CSRF_HEADER)
    if not cookie or not header or not secrets.compare_digest(cookie, header):
        raise Forbidden("Missing or wrong CSRF token; reload the page and try again.")


def _cookie_user(request: Request, name: str, token_type: TokenType) -> User | None:
    """The user a cookie token names, or None when the token is missing, invalid or revoked."""
    token = request.cookies.get(name)
    if not token:
        return None
    services = services_of(request)
    try:
        claims = issuer_of(request).verify(token, token_type, services.clock.now())
        return _load_user(services, claims.user_id, claims.session_version)
    except (InvalidToken, Unauthorized):
        return None


def _principal_from_cookies(request: Request, response: Response) -> Principal | None:
    user = _cookie_user(request, ACCESS_COOKIE, "access")
    if user is None:
        user = _cookie_user(request, REFRESH_COOKIE, "refresh")
        if user is None:
            return None
        services = services_of(request)
        fresh = issuer_of(request).issue(
            user.id, user.session_version, "access", services.clock.now()
        )
        set_access_cookie(response, request, fresh)
    _check_csrf(request)
    return _principal(user, via_cookie=True)


def optional_principal(request: Request, response: Response) -> Principal | None:
    """The caller if signed in (API key or bearer first, then cookies), else None."""
    api_key = request.headers.get(API_KEY_HEADER, "").strip()
    if api_key:
        return _api_key_principal(request, api_key)
    token = _bearer(request)
    if token:
        return _bearer_principal(request, token)
    cached: Principal | None = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    principal = _principal_from_cookies(request, response)
    request.state.principal = principal
    return principal


# The dependencies below only read what is already at hand, so they are coroutines: FastAPI
# runs a sync dependency in the thread pool, and each hop there and back cost ~0.3 ms of CPU
# per request (docs/performance.md). `optional_principal` reads the database and stays sync.


async def require_public() -> None:
    """Marker: the route is open to anonymous callers."""


async def require_user(
    principal: Annotated[Principal | None, Depends(optional_principal)],
) -> Principal:
    if principal is None:
        raise Unauthorized("Sign in to continue.")
    return principal


async def require_admin(principal: Annotated[Principal, Depends(require_user)]) -> Principal:
    if not principal.is_admin:
        raise Forbidden("Admin access required.")
    return principal


async def _services_dependency(request: Request) -> Services:
    return services_of(request)


public_route = Depends(require_public)
CurrentUser = Annotated[Principal, Depends(require_user)]
CurrentAdmin = Annotated[Principal, Depends(require_admin)]
MaybeUser = Annotated[Principal | None, Depends(optional_principal)]
ServicesDep = Annotated[Services, Depends(_services_dependency)]
LEVEL_DEPENDENCIES = {require_public: "public", require_user: "user", require_admin: "admin"}
