"""Sign-in routes: local login, Plex PIN login with Home profiles, refresh, logout, me, own password."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request, Response, status

from earmark.api.access import (
    REFRESH_COOKIE,
    CurrentUser,
    ServicesDep,
    clear_session_cookies,
    client_address,
    issuer_of,
    public_route,
    services_of,
    set_access_cookie,
    set_session_cookies,
)
from earmark.api.thread_pools import PooledRoute, calls_out
from earmark.core.errors import Forbidden, NotFound, Unauthorized
from earmark.db.engine import transaction
from earmark.integrations.media_servers.plex.tv_client import PlexTvClient
from earmark.integrations.media_servers.plex_tv import PlexTv
from earmark.integrations.registry import media_server_login
from earmark.security.tokens import ACCESS_TTL, InvalidToken
from earmark.settings_store.catalogue import OidcSettings
from earmark.users.models import User
from earmark.users.plex_login import (
    PIN_TTL,
    PlexLoginService,
    ProfileChoice,
    SignedIn,
    Waiting,
    resolve_client_identifier,
)
from earmark.users.rate_limit import PLEX_SIGN_IN_THROTTLE
from earmark.users.schemas import (
    AccessTokenOut,
    Credentials,
    MeOut,
    PasswordChange,
    PlexPinOut,
    PlexPollOut,
    ProfileChoiceIn,
    ProfileOut,
    RefreshIn,
    SessionOut,
    UserOut,
)
from earmark.users.server_login import ServerLoginService
from earmark.users.service import UserService

router = APIRouter(route_class=PooledRoute, prefix="/api/auth", tags=["auth"])
PLEX_LOGIN_COOKIE = "earmark_plex_login"
PLEX_LOGIN_HEADER = "X-Plex-Login-Secret"


def user_service(services: ServicesDep) -> UserService:
    return UserService(services.sessions, services.cipher, services.clock)


def plex_tv_of(request: Request) -> PlexTv:
    """One plex.tv client per app; tests or the registry may put their own on app.state first."""
    existing: PlexTv | None = getattr(request.app.state, "plex_tv", None)
    if existing is not None:
        return existing
    services = services_of(request)
    identifier = resolve_client_identifier(
        services.settings.plex_client_identifier, services.config
    )
    client = PlexTvClient(services.http, services.settings.plex_tv_url, identifier)
    request.app.state.plex_tv = client
    return client


def plex_login_service(
    services: ServicesDep,
    plex_tv: Annotated[PlexTv, Depends(plex_tv_of)],
    users: Annotated[UserService, Depends(user_service)],
) -> PlexLoginService:
    return PlexLoginService(
        services.sessions, services.cipher, services.clock, services.config, plex_tv, users
    )


Users = Annotated[UserService, Depends(user_service)]
PlexLogins = Annotated[PlexLoginService, Depends(plex_login_service)]
LoginSecretHeader = Annotated[str | None, Header(alias=PLEX_LOGIN_HEADER)]


def signed_in(request: Request, response: Response, user: User) -> SessionOut:
    tokens = set_session_cookies(response, request, user)
    return SessionOut(**tokens, user=UserOut.of(user))


def _login_secret(request: Request, header_value: str | None) -> str | None:
    return header_value or request.cookies.get(PLEX_LOGIN_COOKIE)


@router.post("/local/login", dependencies=[public_route])
def local_login(
    body: Credentials, request: Request, response: Response, users: Users
) -> SessionOut:
    user = users.sign_in_local(body.username, body.password, client_address(request))
    # Checked after the password matched, so the answer tells a guesser nothing.
    oidc = services_of(request).config.section(OidcSettings)
    if not oidc.local_sign_in_allowed() and not user.is_setup_admin:
        raise Forbidden(
            f"Username and password sign-in is turned off on this server; use "
            f"'{oidc.button_label}'."
        )
    return signed_in(request, response, user)


@router.post("/server/login", dependencies=[public_route])
@calls_out
def media_server_sign_in(
    body: Credentials, request: Request, response: Response, services: ServicesDep
) -> SessionOut:
    """Sign in with the media server's own login (Audiobookshelf), when it is the chosen server."""
    login = media_server_login(services)
    if login is None:
        # Not a server fault: this Earmark has no such sign-in (Plex, or no server set up).
        raise NotFound("Signing in with the media server is not set up here.")
    logins = ServerLoginService(services.sessions, services.cipher, services.clock)
    user = logins.sign_in(login, body.username, body.password, client_address(request))
    return signed_in(request, response, user)


@router.post("/plex/pin", dependencies=[public_route])
@calls_out
def start_plex_login(request: Request, response: Response, logins: PlexLogins) -> PlexPinOut:
    services = services_of(request)
    with transaction(services.sessions) as session:
        PLEX_SIGN_IN_THROTTLE.hit(session, client_address(request), services.clock.now())
    started = logins.start()
    response.set_cookie(
        PLEX_LOGIN_COOKIE,
        started.login_secret,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        max_age=int(PIN_TTL.total_seconds()),
    )
    return PlexPinOut(
        pin_id=started.pin_id,
        code=started.code,
        auth_url=started.auth_url,
        login_secret=started.login_secret,
        expires_at=started.expires_at,
    )


@router.get(
    "/plex/pin/{pin_id}", dependencies=[public_route], responses={202: {"model": PlexPollOut}}
)
def poll_plex_login(
    pin_id: str,
    request: Request,
    response: Response,
    logins: PlexLogins,
    secret: LoginSecretHeader = None,
) -> PlexPollOut:
    outcome = logins.poll(pin_id, _login_secret(request, secret))
    if isinstance(outcome, Waiting):
        response.status_code = status.HTTP_202_ACCEPTED
        return PlexPollOut(authorized=False)
    if isinstance(outcome, ProfileChoice):
        profiles = [ProfileOut.of(profile) for profile in outcome.profiles]
        return PlexPollOut(authorized=True, requires_profile_selection=True, profiles=profiles)
    return _plex_signed_in(request, response, outcome)


@router.post("/plex/profile", dependencies=[public_route])
@calls_out
def choose_plex_profile(
    body: ProfileChoiceIn,
    request: Request,
    response: Response,
    logins: PlexLogins,
    secret: LoginSecretHeader = None,
) -> PlexPollOut:
    login_secret = body.login_secret or _login_secret(request, secret)
    outcome = logins.choose_profile(body.pin_id, login_secret, body.user_id, body.pin)
    return _plex_signed_in(request, response, outcome)


def _plex_signed_in(request: Request, response: Response, outcome: SignedIn) -> PlexPollOut:
    session = signed_in(request, response, outcome.user)
    response.delete_cookie(PLEX_LOGIN_COOKIE)
    return PlexPollOut(authorized=True, **session.model_dump())


def _user_for_refresh(request: Request, token: str | None) -> User:
    if not token:
        raise Unauthorized("No refresh token was sent; sign in again.")
    services = services_of(request)
    try:
        claims = issuer_of(request).verify(token, "refresh", services.clock.now())
        user = user_service(services).get_user(claims.user_id)
    except (InvalidToken, NotFound) as exc:
        raise Unauthorized("Invalid or expired refresh token; sign in again.") from exc
    if user.session_version != claims.session_version:
        raise Unauthorized("Your session has ended; sign in again.")
    return user


@router.post("/refresh", dependencies=[public_route])
def refresh(
    request: Request, response: Response, services: ServicesDep, body: RefreshIn | None = None
) -> AccessTokenOut:
    token = (body.refresh_token if body else None) or request.cookies.get(REFRESH_COOKIE)
    user = _user_for_refresh(request, token)
    access = issuer_of(request).issue(user.id, user.session_version, "access", services.clock.now())
    set_access_cookie(response, request, access)
    return AccessTokenOut(access_token=access, expires_in=int(ACCESS_TTL.total_seconds()))


@router.post("/logout")
def logout(
    principal: CurrentUser, request: Request, response: Response, users: Users
) -> dict[str, str]:
    users.end_sessions(principal.id)
    clear_session_cookies(response, request)
    return {"message": "Signed out everywhere."}


@router.get("/me")
def me(principal: CurrentUser, users: Users) -> MeOut:
    return MeOut(user=UserOut.of(users.get_user(principal.id)))


@router.post("/password")
def change_password(
    body: PasswordChange,
    principal: CurrentUser,
    request: Request,
    response: Response,
    users: Users,
) -> SessionOut:
    """Every session of the account ends; this answer carries the one fresh session."""
    user = users.change_own_password(
        principal.id, body.current_password, body.new_password, client_address(request)
    )
    return signed_in(request, response, user)
