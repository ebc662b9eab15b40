"""First-run setup: status, the setup admin account, and the guard that closes setup routes."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response

from earmark.api.access import ServicesDep, public_route
from earmark.api.auth import Users, signed_in
from earmark.core.errors import Forbidden
from earmark.settings_store.catalogue import SetupState
from earmark.users.schemas import Credentials, SessionOut, SetupStatusOut

router = APIRouter(prefix="/api/setup", tags=["setup"])


def is_setup_complete(services: ServicesDep) -> bool:
    return services.config.section(SetupState).completed


def require_setup_open(services: ServicesDep) -> None:
    """Guard for setup-only routes: once setup is complete they answer 403."""
    if is_setup_complete(services):
        raise Forbidden("Setup is already complete; change settings from the admin pages.")


setup_open = Depends(require_setup_open)


@router.get("/status", dependencies=[public_route])
def setup_status(services: ServicesDep, users: Users) -> SetupStatusOut:
    return SetupStatusOut(
        setup_complete=is_setup_complete(services), has_admin=users.has_setup_admin()
    )


@router.post("/admin", dependencies=[public_route, setup_open])
def create_setup_admin(
    body: Credentials, request: Request, response: Response, users: Users
) -> SessionOut:
    user = users.create_setup_admin(body.username, body.password)
    return signed_in(request, response, user)
