"""Permissions: an admin reads and sets a user's own permissions; each user reads theirs and when
their quota lets them request again."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from earmark.api.access import CurrentAdmin, CurrentUser, ServicesDep
from earmark.api.thread_pools import PooledRoute
from earmark.db.engine import transaction
from earmark.requests.quota import next_request_at
from earmark.settings_store.catalogue import RequestsSettings
from earmark.users import permissions
from earmark.users.schemas import (
    EffectivePermissions,
    MyPermissionsOut,
    PermissionOverrides,
    UserPermissionsOut,
)
from earmark.wiring import Services

admin_permissions = APIRouter(route_class=PooledRoute, prefix="/api/admin/users", tags=["admin"])
my_permissions = APIRouter(route_class=PooledRoute, prefix="/api/account", tags=["auth"])


def _answer(services: Services, user_id: uuid.UUID) -> UserPermissionsOut:
    defaults = services.config.section(RequestsSettings)
    with services.sessions() as session:
        own = permissions.overrides(session, user_id)
        granted = permissions.effective_for(session, user_id, defaults)
        return UserPermissionsOut(
            overrides=PermissionOverrides.of(own), effective=EffectivePermissions.of(granted)
        )


@admin_permissions.get("/{user_id}/permissions")
def read_permissions(
    user_id: uuid.UUID, _: CurrentAdmin, services: ServicesDep
) -> UserPermissionsOut:
    return _answer(services, user_id)


@admin_permissions.put("/{user_id}/permissions")
def set_permissions(
    user_id: uuid.UUID, body: PermissionOverrides, _: CurrentAdmin, services: ServicesDep
) -> UserPermissionsOut:
    with transaction(services.sessions) as session:
        permissions.overrides(session, user_id)  # 404 for an unknown user
        permissions.save_overrides(session, body.row(user_id))
    return _answer(services, user_id)


@my_permissions.get("/permissions")
def read_my_permissions(principal: CurrentUser, services: ServicesDep) -> MyPermissionsOut:
    defaults = services.config.section(RequestsSettings)
    now = services.clock.now()
    with services.sessions() as session:
        granted = permissions.effective_for(session, principal.id, defaults)
        again = next_request_at(session, principal.id, granted.quota, granted.quota_period, now)
    return MyPermissionsOut(effective=EffectivePermissions.of(granted), next_request_at=again)
