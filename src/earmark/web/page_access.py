"""Who is asking, for pages that also render for signed-out visitors."""

from __future__ import annotations

from fastapi import Request, Response
from sqlalchemy import exists, select

from earmark.api.access import Principal, optional_principal, services_of
from earmark.core.errors import Unauthorized
from earmark.settings_store.catalogue import SetupState
from earmark.users.models import User


def visitor(request: Request, response: Response) -> Principal | None:
    """The signed-in principal, or None when signed out or the session is no longer valid."""
    try:
        return optional_principal(request, response)
    except Unauthorized:
        return None


def setup_completed(request: Request) -> bool:
    return services_of(request).config.section(SetupState).completed


def setup_admin_exists(request: Request) -> bool:
    with services_of(request).sessions() as session:
        return bool(session.scalar(select(exists().where(User.is_setup_admin.is_(True)))))
