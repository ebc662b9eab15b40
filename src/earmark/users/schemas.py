"""Request and response shapes for sign-in, sessions, setup and user administration."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Literal

from pydantic import BaseModel, Field

from earmark.integrations.media_servers.plex_tv import PlexHomeUser
from earmark.users.invitations import MAX_LIFETIME, MIN_LIFETIME
from earmark.users.models import ApiKey, Invitation, User, UserPermissions
from earmark.users.permissions import Permissions

Role = Literal["user", "admin"]


class Credentials(BaseModel):
    username: str = Field(min_length=1, max_length=255)
    password: str = Field(min_length=1, max_length=1024)


class SetupAdminIn(Credentials):
    setup_code: str | None = Field(default=None, max_length=64)


class RefreshIn(BaseModel):
    """API clients send the refresh token here; browsers rely on the refresh cookie."""

    refresh_token: str | None = None


class RoleChange(BaseModel):
    role: Role


class NewLocalUser(Credentials):
    role: Role = "user"


class PasswordChange(BaseModel):
    current_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(min_length=1, max_length=1024)


class ProfileChoiceIn(BaseModel):
    pin_id: str = Field(min_length=1, max_length=32)
    user_id: str = Field(min_length=1, max_length=64)
    pin: str | None = Field(default=None, max_length=16)
    login_secret: str | None = Field(default=None, max_length=128)


class UserOut(BaseModel):
    id: uuid.UUID
    plex_id: str
    username: str
    email: str | None
    role: str
    is_setup_admin: bool
    is_local_admin: bool
    is_local: bool
    disabled: bool
    awaiting_approval: bool
    avatar_url: str | None
    plex_home_user_id: str | None
    created_at: datetime
    last_login_at: datetime | None

    @classmethod
    def of(cls, user: User) -> UserOut:
        return cls(
            id=user.id,
            plex_id=user.plex_id,
            username=user.plex_username,
            email=user.plex_email,
            role=user.role,
            is_setup_admin=user.is_setup_admin,
            is_local_admin=user.is_setup_admin and user.is_local,
            is_local=user.is_local,
            disabled=user.disabled,
            awaiting_approval=user.awaiting_approval,
            avatar_url=user.avatar_url,
            plex_home_user_id=user.plex_home_user_id,
            created_at=user.created_at,
            last_login_at=user.last_login_at,
        )


class AdminUserOut(UserOut):
    updated_at: datetime
    request_count: int

    @classmethod
    def with_count(cls, user: User, request_count: int) -> AdminUserOut:
        return cls(
            **UserOut.of(user).model_dump(), updated_at=user.updated_at, request_count=request_count
        )


class AdminUserList(BaseModel):
    users: list[AdminUserOut]


class SessionOut(BaseModel):
    access_token: str
    refresh_token: str
    user: UserOut


class AccessTokenOut(BaseModel):
    access_token: str
    expires_in: int


class MeOut(BaseModel):
    user: UserOut


class ProfileOut(BaseModel):
    id: str
    title: str
    thumb: str | None
    requires_pin: bool
    is_admin: bool

    @classmethod
    def of(cls, profile: PlexHomeUser) -> ProfileOut:
        return cls.model_validate(profile, from_attributes=True)


class PlexPinOut(BaseModel):
    pin_id: str
    code: str
    auth_url: str
    login_secret: str
    expires_at: datetime


class PlexPollOut(BaseModel):
    """Waiting (authorized false), choose a profile, or signed in (tokens and user present)."""

    authorized: bool
    requires_profile_selection: bool = False
    profiles: list[ProfileOut] = Field(default_factory=list)
    access_token: str | None = None
    refresh_token: str | None = None
    user: UserOut | None = None


class SetupStatusOut(BaseModel):
    setup_complete: bool
    has_admin: bool


class InvitationIn(BaseModel):
    role: Role = "user"
    expires_in_hours: int = Field(
        default=72, ge=MIN_LIFETIME // timedelta(hours=1), le=MAX_LIFETIME // timedelta(hours=1)
    )


class InvitationOut(BaseModel):
    id: uuid.UUID
    role: str
    created_at: datetime
    expires_at: datetime

    @classmethod
    def of(cls, invitation: Invitation) -> InvitationOut:
        return cls.model_validate(invitation, from_attributes=True)


class InvitationCreatedOut(InvitationOut):
    """The only answer that carries the token; `path` is the page the invitee opens."""

    token: str
    path: str


class InvitationList(BaseModel):
    invitations: list[InvitationOut]


class InvitationCheckOut(BaseModel):
    role: str
    expires_at: datetime


class RegistrationOut(BaseModel):
    username: str
    message: str


class ApiKeyIn(BaseModel):
    name: str = Field(min_length=1, max_length=100)


class ApiKeyOut(BaseModel):
    id: uuid.UUID
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None

    @classmethod
    def of(cls, record: ApiKey) -> ApiKeyOut:
        return cls(
            id=record.id,
            name=record.name,
            prefix=record.prefix,
            created_at=record.created_at,
            last_used_at=record.last_used_at,
        )


class ApiKeyCreatedOut(ApiKeyOut):
    """The only answer that carries the key itself."""

    key: str


class ApiKeyList(BaseModel):
    keys: list[ApiKeyOut]


QuotaPeriod = Literal["day", "week"]


class PermissionOverrides(BaseModel):
    """A user's own permissions; null keeps the server's default for that one."""

    auto_approve: bool | None = None
    interactive_search: bool | None = None
    pick_release: bool | None = None
    request_quota: int | None = Field(default=None, ge=0, le=10_000)
    request_quota_period: QuotaPeriod | None = None

    def row(self, user_id: uuid.UUID) -> UserPermissions:
        return UserPermissions(user_id=user_id, **self.model_dump())

    @classmethod
    def of(cls, row: UserPermissions) -> PermissionOverrides:
        return cls.model_validate(row, from_attributes=True)


class EffectivePermissions(BaseModel):
    auto_approve: bool
    interactive_search: bool
    pick_release: bool
    request_quota: int
    request_quota_period: QuotaPeriod

    @classmethod
    def of(cls, permissions: Permissions) -> EffectivePermissions:
        return cls(
            auto_approve=permissions.auto_approve,
            interactive_search=permissions.interactive_search,
            pick_release=permissions.pick_release,
            request_quota=permissions.quota,
            request_quota_period=permissions.quota_period,
        )


class UserPermissionsOut(BaseModel):
    overrides: PermissionOverrides
    effective: EffectivePermissions


class MyPermissionsOut(BaseModel):
    effective: EffectivePermissions
    next_request_at: datetime | None
    """When the quota lets the caller request again (null: now)."""
