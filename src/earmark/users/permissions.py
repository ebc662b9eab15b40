"""What a user may do: their own overrides (`user_permissions`) over the server's defaults.

Admins always may (every permission, no quota).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Literal, TypeVar, cast

from sqlalchemy.orm import Session

from earmark.core.errors import NotFound
from earmark.requests.states import RequestAction
from earmark.settings_store.catalogue import RequestsSettings
from earmark.users.models import User, UserPermissions

QuotaPeriod = Literal["day", "week"]
T = TypeVar("T")


@dataclass(frozen=True)
class Permissions:
    auto_approve: bool
    interactive_search: bool
    pick_release: bool
    quota: int
    """Requests per `quota_period`; 0 is no limit."""
    quota_period: QuotaPeriod

    def granted(self) -> frozenset[RequestAction]:
        """The admin-only request actions these permissions open to the user."""
        return frozenset(
            action
            for action, allowed in (
                (RequestAction.INTERACTIVE_SEARCH, self.interactive_search),
                (RequestAction.PICK_RELEASE, self.pick_release),
            )
            if allowed
        )


ADMIN_PERMISSIONS = Permissions(
    auto_approve=True, interactive_search=True, pick_release=True, quota=0, quota_period="week"
)


def _pick(own: T | None, default: T) -> T:
    return default if own is None else own


def effective(session: Session, user: User, defaults: RequestsSettings) -> Permissions:
    """The user's permissions now."""
    if user.role == "admin":
        return ADMIN_PERMISSIONS
    own = session.get(UserPermissions, user.id) or UserPermissions()
    return Permissions(
        auto_approve=_pick(own.auto_approve, defaults.auto_approve),
        interactive_search=_pick(own.interactive_search, defaults.user_interactive_search),
        pick_release=_pick(own.pick_release, defaults.user_pick_release),
        quota=_pick(own.request_quota, defaults.quota),
        quota_period=cast(QuotaPeriod, _pick(own.request_quota_period, defaults.quota_period)),
    )


def effective_for(
    session: Session, user_id: uuid.UUID, defaults: RequestsSettings, *, lock: bool = False
) -> Permissions:
    """`lock` holds the user's row, so their concurrent requests are counted one after another."""
    user = session.get(User, user_id, with_for_update=lock)
    if user is None:
        raise NotFound("No such user.")
    return effective(session, user, defaults)


def overrides(session: Session, user_id: uuid.UUID) -> UserPermissions:
    """The user's own row (a blank one, all defaults, when they have none)."""
    if session.get(User, user_id) is None:
        raise NotFound("No such user.")
    return session.get(UserPermissions, user_id) or UserPermissions(user_id=user_id)


def save_overrides(session: Session, row: UserPermissions) -> UserPermissions:
    """Store `row` (in the caller's transaction); an all-default row is removed."""
    existing = session.get(UserPermissions, row.user_id)
    values = {
        name: getattr(row, name)
        for name in (
            "auto_approve",
            "interactive_search",
            "pick_release",
            "request_quota",
            "request_quota_period",
        )
    }
    if all(value is None for value in values.values()):
        if existing is not None:
            session.delete(existing)
        return row
    if existing is None:
        existing = UserPermissions(user_id=row.user_id)
        session.add(existing)
    for name, value in values.items():
        setattr(existing, name, value)
    return existing
