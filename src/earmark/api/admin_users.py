"""Admin user management: list users with request counts, change a role, delete a user."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from earmark.api.access import CurrentAdmin
from earmark.api.auth import Users
from earmark.users.schemas import AdminUserList, AdminUserOut, RoleChange, UserOut

router = APIRouter(prefix="/api/admin/users", tags=["admin"])


@router.get("")
def list_users(_: CurrentAdmin, users: Users) -> AdminUserList:
    rows = users.list_users()
    return AdminUserList(
        users=[AdminUserOut.with_count(row.user, row.request_count) for row in rows]
    )


@router.patch("/{user_id}")
def change_role(user_id: uuid.UUID, body: RoleChange, admin: CurrentAdmin, users: Users) -> UserOut:
    return UserOut.of(users.change_role(admin.id, user_id, body.role))


@router.delete("/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_user(user_id: uuid.UUID, admin: CurrentAdmin, users: Users) -> None:
    users.delete_user(admin.id, user_id)
