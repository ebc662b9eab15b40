"""Access levels for routes: every route declares exactly one of public, user or admin.

Browsers authenticate with HttpOnly cookies (and must echo the CSRF cookie in a header on
state-changing requests); API clients send `Authorization: Bearer <access token>`.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Response

from earmark.core.errors import Forbidden, Unauthorized
from earmark.security.tokens import InvalidToken, TokenIssuer
from earmark.users.models import User
from earmark.wiring import Services

ACCESS_COOKIE = "earmark_access"
REFRESH_COOKIE = "earmark_refresh"
CSRF_COOKIE = "earmark_csrf"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


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
    if user.session_version != version:
        raise Unauthorized("Your session has ended; sign in again.")
    return user


def set_session_cookies(response: Response, request: Request, user: User) -> dict[str, str]:
    """Mint a token pair for `user`, set the browser cookies, and return the pair for API clients."""
    services = services_of(request)
    issuer = issuer_of(request)
    now = services.clock.now()
    access = issuer.issue(user.id, user.session_version, "access", now)
    refresh = issuer.issue(user.id, user.session_version, "refresh", now)
    secure = request.url.scheme == "https"
    base = services.settings.base_path or ""
    response.set_cookie(
        ACCESS_COOKIE,
        access,
        httponly=True,
        samesite="lax",
        secure=secure,
        path=base or "/",
        max_age=3600,
    )
    response.set_cookie(
        REFRESH_COOKIE,
        refresh,
        httponly=True,
        samesite="lax",
        secure=secure,
        path=base or "/",
        max_age=7 * 86400,
    )
    response.set_cookie(
        CSRF_COOKIE,
        secrets.token_urlsafe(24),
        httponly=False,
        samesite="lax",
        secure=secure,
        path=base or "/",
        max_age=7 * 86400,
    )
    return {"access_token": access, "refresh_token": refresh}


def clear_session_cookies(response: Response) -> None:
    for name in (ACCESS_COOKIE, REFRESH_COOKIE, CSRF_COOKIE):
        response.delete_cookie(name)


def _check_csrf(request: Request) -> None:
    if request.method in SAFE_METHODS:
        return
    cookie = request.cookies.get(CSRF_COOKIE)
    header = request.headers.get(CSRF_HEADER)
    if not cookie or not header or not secrets.compare_digest(cookie, header):
        raise Forbidden("Missing or wrong CSRF token; reload the page and try again.")


def _principal_from_cookies(request: Request, response: Response) -> Principal | None:
    services = services_of(request)
    issuer = issuer_of(request)
    now = services.clock.now()
    access = request.cookies.get(ACCESS_COOKIE)
    user: User | None = None
    if access:
        try:
            claims = issuer.verify(access, "access", now)
            user = _load_user(services, claims.user_id, claims.session_version)
        except InvalidToken:
            user = None
    if user is None:
        refresh = request.cookies.get(REFRESH_COOKIE)
        if not refresh:
            return None
        try:
            claims = issuer.verify(refresh, "refresh", now)
        except InvalidToken:
            return None
        user = _load_user(services, claims.user_id, claims.session_version)
        fresh = issuer.issue(user.id, user.session_version, "access", now)
        response.set_cookie(
            ACCESS_COOKIE,
            fresh,
            httponly=True,
            samesite="lax",
            path=services.settings.base_path or "/",
            max_age=3600,
        )
    _check_csrf(request)
    return Principal(user.id, user.plex_username, user.role, user.is_setup_admin, via_cookie=True)


def optional_principal(request: Request, response: Response) -> Principal | None:
    """The caller if signed in (bearer first, then cookies), else None."""
    token = _bearer(request)
    if token:
        services = services_of(request)
        try:
            claims = issuer_of(request).verify(token, "access", services.clock.now())
        except InvalidToken as exc:
            raise Unauthorized("Invalid or expired token; sign in again.") from exc
        user = _load_user(services, claims.user_id, claims.session_version)
        return Principal(
            user.id, user.plex_username, user.role, user.is_setup_admin, via_cookie=False
        )
    cached: Principal | None = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    principal = _principal_from_cookies(request, response)
    request.state.principal = principal
    return principal


def require_public() -> None:
    """Marker: the route is open to anonymous callers."""


def require_user(principal: Annotated[Principal | None, Depends(optional_principal)]) -> Principal:
    if principal is None:
        raise Unauthorized("Sign in to continue.")
    return principal


def require_admin(principal: Annotated[Principal, Depends(require_user)]) -> Principal:
    if not principal.is_admin:
        raise Forbidden("Admin access required.")
    return principal


public_route = Depends(require_public)
CurrentUser = Annotated[Principal, Depends(require_user)]
CurrentAdmin = Annotated[Principal, Depends(require_admin)]
MaybeUser = Annotated[Principal | None, Depends(optional_principal)]
ServicesDep = Annotated[Services, Depends(services_of)]
LEVEL_DEPENDENCIES = {require_public: "public", require_user: "user", require_admin: "admin"}
