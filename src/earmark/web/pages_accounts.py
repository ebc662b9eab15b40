"""Account pages: redeeming an invitation link and registering (public), and one's own account
(password, notifications, API keys)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from earmark.api.access import CurrentUser, public_route, services_of
from earmark.api.accounts import throttle_invitations
from earmark.api.auth import user_service
from earmark.api.thread_pools import PooledRoute
from earmark.core.errors import EarmarkError
from earmark.requests.notify import NotificationEvent
from earmark.settings_store.catalogue import AccountSettings
from earmark.users.invitations import InvitationService
from earmark.web.page_access import visitor
from earmark.web.rendering import base_path, render

router = APIRouter(route_class=PooledRoute, include_in_schema=False)


@router.get("/invite/{token}", dependencies=[public_route])
def invite_page(token: str, request: Request, response: Response) -> Response:
    if visitor(request, response) is not None:
        problem = (
            "You are signed in already: sign out first, or open this link in a private window."
        )
        return render(request, "invite.html", {"problem": problem, "token": ""})
    services = services_of(request)
    invitations = InvitationService(services.sessions, services.clock, user_service(services))
    try:
        throttle_invitations(request, services)
        invitation = invitations.check(token)
    except EarmarkError as exc:
        return render(request, "invite.html", {"problem": exc.message, "token": ""})
    return render(
        request, "invite.html", {"problem": None, "token": token, "role": invitation.role}
    )


@router.get("/register", dependencies=[public_route])
def register_page(request: Request, response: Response) -> Response:
    if visitor(request, response) is not None:
        return RedirectResponse(base_path(request) + "/", status_code=303)
    is_open = services_of(request).config.section(AccountSettings).self_registration
    return render(request, "register.html", {"open": is_open})


@router.get("/account")
def account_page(request: Request, user: CurrentUser) -> HTMLResponse:
    account = user_service(services_of(request)).get_user(user.id)
    context = {
        "is_local": account.is_local,
        "is_oidc": account.is_oidc,
        "events": list(NotificationEvent),
    }
    return render(request, "account.html", context, user)
