"""Admin user management: list users with request counts, create local users, change a role,
disable or enable an account, approve a self-registered one, delete a user."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from earmark.api.access import CurrentAdmin
from earmark.api.auth import Users
from earmark.api.thread_pools import PooledRoute
from earmark.users.schemas import AdminUserList, AdminUserOut, NewLocalUser, RoleChange, UserOut

router = APIRouter(route_class=PooledRoute, prefix="/api/admin/users", tags=["admin"])


@router.get("")
def list_users(_: CurrentAdmin, users: Users) -> AdminUserList:
    rows = users.list_users()
    return AdminUserList(
        users=[AdminUserOut.with_count(row.user, row.request_count) for row in rows]
    )


@router.post("", status_code=status.HTTP_201_CREATED)
def create_user(body: NewLocalUser, _: CurrentAdmin, users: Users) -> UserOut:
    return UserOut.of(users.create_local_user(body.username, body.password, body.role))


@router.patch("/{user_id}")
def change_role(user_id: uuid.UUID, body: RoleChange, admin: CurrentAdmin, users: Users) -> UserOut:
    return UserOut.of(users.change_role(admin.id, user_id, body.role))


@router.post("/{user_id}/disable")
def disable_user(user_id: uuid.UUID, admin: CurrentAdmin, users: Users) -> UserOut:
    return UserOut.of(users.set_disabled(admin.id, user_id, disabled=True))


@router.post("/{user_id}/enable")
def enable_user(user_id: uuid.UUID, admin: CurrentAdmin, users: Users) -> UserOut:
    return UserOut.of(users.set_disabled(admin.id, user_id, disabled=False))


@router.post("/{user_id}/approve")
def approve_registration(user_id: uuid.UUID, _: CurrentAdmin, users: Users) -> UserOut:
    """Lets a self-registered account sign in (declining one is deleting it)."""
    return UserOut.of(users.approve_registration(user_id))


@router.delete("/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_user(user_id: uuid.UUID, admin: CurrentAdmin, users: Users) -> None:
    users.delete_user(admin.id, user_id)
