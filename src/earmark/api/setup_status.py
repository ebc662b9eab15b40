"""First-run setup: status, the setup admin account, and the guard that closes setup routes."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response

from earmark.api.access import ServicesDep, public_route
from earmark.api.auth import Users, signed_in
from earmark.api.thread_pools import PooledRoute
from earmark.core.errors import Forbidden
from earmark.security.setup_code import setup_code_matches
from earmark.settings_store.setup import is_setup_complete
from earmark.users.schemas import SessionOut, SetupAdminIn, SetupStatusOut

router = APIRouter(route_class=PooledRoute, prefix="/api/setup", tags=["setup"])


def require_setup_open(services: ServicesDep) -> None:
    """Guard for setup-only routes: once setup is complete they answer 403."""
    if is_setup_complete(services.config):
        raise Forbidden("Setup is already complete; change settings from the admin pages.")


setup_open = Depends(require_setup_open)


@router.get("/status", dependencies=[public_route])
def setup_status(services: ServicesDep, users: Users) -> SetupStatusOut:
    return SetupStatusOut(
        setup_complete=is_setup_complete(services.config), has_admin=users.has_setup_admin()
    )


@router.post("/admin", dependencies=[public_route, setup_open])
def create_setup_admin(
    body: SetupAdminIn, request: Request, response: Response, users: Users, services: ServicesDep
) -> SessionOut:
    if services.settings.setup_code_required and not setup_code_matches(
        services.cipher, body.setup_code
    ):
        raise Forbidden(
            "Enter the setup code that Earmark printed to its log when it started "
            "(it looks like ABCD-EFGH-IJKL)."
        )
    user = users.create_setup_admin(body.username, body.password)
    return signed_in(request, response, user)
