"""Invitation links (admins create and revoke, invitees redeem), self-registration (when the
server allows it) and each user's own API keys."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status

from earmark.api.access import (
    CurrentAdmin,
    CurrentUser,
    ServicesDep,
    client_address,
    public_route,
)
from earmark.api.auth import Users, signed_in
from earmark.api.thread_pools import PooledRoute
from earmark.db.engine import transaction
from earmark.settings_store.catalogue import AccountSettings
from earmark.users.api_keys import ApiKeyService
from earmark.users.errors import RegistrationClosed
from earmark.users.invitations import InvitationService
from earmark.users.rate_limit import INVITATION_THROTTLE
from earmark.users.schemas import (
    ApiKeyCreatedOut,
    ApiKeyIn,
    ApiKeyList,
    ApiKeyOut,
    Credentials,
    InvitationCheckOut,
    InvitationCreatedOut,
    InvitationIn,
    InvitationList,
    InvitationOut,
    RegistrationOut,
    SessionOut,
)

admin_invitations = APIRouter(
    route_class=PooledRoute, prefix="/api/admin/invitations", tags=["admin"]
)
invitations = APIRouter(route_class=PooledRoute, prefix="/api/invitations", tags=["auth"])
api_keys = APIRouter(route_class=PooledRoute, prefix="/api/keys", tags=["auth"])
registration = APIRouter(route_class=PooledRoute, prefix="/api/auth", tags=["auth"])


def invitation_service(services: ServicesDep, users: Users) -> InvitationService:
    return InvitationService(services.sessions, services.clock, users)


def api_key_service(services: ServicesDep) -> ApiKeyService:
    return ApiKeyService(services.sessions, services.clock)


Invitations = Annotated[InvitationService, Depends(invitation_service)]
ApiKeys = Annotated[ApiKeyService, Depends(api_key_service)]


def invitation_path(services: ServicesDep, token: str) -> str:
    return f"{services.settings.base_path}/invite/{token}"


@admin_invitations.post("", status_code=status.HTTP_201_CREATED)
def create_invitation(
    body: InvitationIn, admin: CurrentAdmin, services: ServicesDep, service: Invitations
) -> InvitationCreatedOut:
    issued = service.create(admin.id, body.role, timedelta(hours=body.expires_in_hours))
    return InvitationCreatedOut(
        **InvitationOut.of(issued.invitation).model_dump(),
        token=issued.token,
        path=invitation_path(services, issued.token),
    )


@admin_invitations.get("")
def list_invitations(_: CurrentAdmin, service: Invitations) -> InvitationList:
    return InvitationList(invitations=[InvitationOut.of(i) for i in service.list_open()])


@admin_invitations.delete("/{invitation_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_invitation(invitation_id: uuid.UUID, _: CurrentAdmin, service: Invitations) -> None:
    service.revoke(invitation_id)


def throttle_invitations(request: Request, services: ServicesDep) -> None:
    """Links cannot be guessed, but each try still costs a lookup: cap them per address."""
    with transaction(services.sessions) as session:
        INVITATION_THROTTLE.hit(session, client_address(request), services.clock.now())


Throttled = Depends(throttle_invitations)


@invitations.get("/{token}", dependencies=[public_route, Throttled])
def check_invitation(token: str, service: Invitations) -> InvitationCheckOut:
    invitation = service.check(token)
    return InvitationCheckOut(role=invitation.role, expires_at=invitation.expires_at)


@invitations.post("/{token}/accept", dependencies=[public_route, Throttled])
def accept_invitation(
    token: str, body: Credentials, request: Request, response: Response, service: Invitations
) -> SessionOut:
    user = service.accept(token, body.username, body.password)
    return signed_in(request, response, user)


@registration.post(
    "/register", status_code=status.HTTP_201_CREATED, dependencies=[public_route, Throttled]
)
def register(body: Credentials, services: ServicesDep, users: Users) -> RegistrationOut:
    """A new account that waits for an admin's approval (403 when registration is off)."""
    if not services.config.section(AccountSettings).self_registration:
        raise RegistrationClosed()
    user = users.register(body.username, body.password)
    return RegistrationOut(
        username=user.plex_username,
        message="Your account was created. You can sign in once an admin approves it.",
    )


@api_keys.get("")
def list_keys(principal: CurrentUser, keys: ApiKeys) -> ApiKeyList:
    return ApiKeyList(keys=[ApiKeyOut.of(record) for record in keys.list_for(principal.id)])


@api_keys.post("", status_code=status.HTTP_201_CREATED)
def create_key(body: ApiKeyIn, principal: CurrentUser, keys: ApiKeys) -> ApiKeyCreatedOut:
    issued = keys.create(principal.id, body.name)
    return ApiKeyCreatedOut(**ApiKeyOut.of(issued.record).model_dump(), key=issued.key)


@api_keys.delete("/{key_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_key(key_id: uuid.UUID, principal: CurrentUser, keys: ApiKeys) -> None:
    keys.revoke(principal.id, key_id)
