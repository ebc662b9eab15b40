"""User tables: users (seed), Plex sign-ins in progress, failed local sign-in attempts,
invitations, API keys, OpenID identities and per-user permission overrides."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from earmark.db.base import Base, Timestamps, UuidPrimaryKey
from earmark.db.types import UtcDateTime, allowed_values

ROLES = ("user", "admin")
LIBRARY_SCOPES = ("full", "rated")
QUOTA_PERIODS = ("day", "week")


class User(UuidPrimaryKey, Timestamps, Base):
    __tablename__ = "users"
    __table_args__ = (
        allowed_values("role", ROLES, "role"),
        allowed_values("bookdate_library_scope", LIBRARY_SCOPES, "bookdate_library_scope"),
        Index(None, "role"),
        # At most one setup admin, even when two first-run forms are sent at the same moment.
        # Partial on PostgreSQL too (db/types.py: one `sqlite_where` serves both databases).
        Index(
            "uq_users_one_setup_admin",
            "is_setup_admin",
            unique=True,
            sqlite_where=text("is_setup_admin"),
        ),
    )

    plex_id: Mapped[str] = mapped_column(String(255), unique=True, nullable=False)
    plex_username: Mapped[str] = mapped_column(String(255), nullable=False)
    plex_email: Mapped[str | None] = mapped_column(String(320))
    role: Mapped[str] = mapped_column(String(16), nullable=False, default="user")
    is_setup_admin: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=false()
    )
    avatar_url: Mapped[str | None] = mapped_column(Text)
    # Encrypted envelope: the Plex token for Plex accounts, the argon2 hash for the local admin.
    auth_token: Mapped[str | None] = mapped_column(Text)
    last_login_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    plex_home_user_id: Mapped[str | None] = mapped_column(String(255))
    bookdate_library_scope: Mapped[str] = mapped_column(
        String(16), nullable=False, default="full", server_default="full"
    )
    bookdate_custom_prompt: Mapped[str | None] = mapped_column(Text)
    bookdate_onboarding_complete: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=false()
    )
    # Bumped on logout, role change, password change and disabling: tokens minted before are refused.
    session_version: Mapped[int] = mapped_column(
        Integer, nullable=False, default=0, server_default="0"
    )
    # A disabled account cannot sign in, and its tokens and API keys are refused.
    disabled: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=false()
    )
    # A self-registered account waits (disabled) until an admin approves it.
    awaiting_approval: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=false()
    )

    @property
    def is_local(self) -> bool:
        return self.plex_id.startswith("local-")

    @property
    def is_oidc(self) -> bool:
        """Signs in with an OpenID provider (its identity is in `oidc_identities`)."""
        return self.plex_id.startswith("oidc-")


class PlexLogin(UuidPrimaryKey, Timestamps, Base):
    """A Plex PIN sign-in in progress, bound to the browser that started it by a secret."""

    __tablename__ = "plex_logins"
    __table_args__ = (Index(None, "expires_at"),)

    pin_id: Mapped[str] = mapped_column(String(32), unique=True, nullable=False)
    # SHA-256 of the secret handed to the starting browser; the secret itself is never stored.
    secret_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    # Encrypted main-account token, kept here (never sent to the browser) while a profile is chosen.
    main_token: Mapped[str | None] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)


class LoginFailure(UuidPrimaryKey, Base):
    """One hit in the rate-limit ledger (users/rate_limit.py): a failed or pending local sign-in,
    or a throttled call such as starting a Plex sign-in; the table keeps its first name."""

    __tablename__ = "login_failures"
    __table_args__ = (Index(None, "subject", "failed_at"),)

    # A SHA-256 digest (users/rate_limit.subject_key) so the table holds no names or addresses.
    subject: Mapped[str] = mapped_column(String(64), nullable=False)
    failed_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)


class Invitation(UuidPrimaryKey, Timestamps, Base):
    """A one-use link an admin hands out; whoever opens it picks a username and password."""

    __tablename__ = "invitations"
    __table_args__ = (allowed_values("role", ROLES, "role"), Index(None, "expires_at"))

    # SHA-256 of the token in the link; the token itself is never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    role: Mapped[str] = mapped_column(String(16), nullable=False, default="user")
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="SET NULL")
    )
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    used_by_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="SET NULL")
    )


class ApiKey(UuidPrimaryKey, Timestamps, Base):
    """A named key for scripts and dashboards, acting as its owner with the owner's role."""

    __tablename__ = "api_keys"
    __table_args__ = (Index(None, "user_id"),)

    user_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    # SHA-256 of the key (high entropy, so no slow hash is needed); the key is shown once.
    key_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    # The key's first characters, so a person can tell their keys apart.
    prefix: Mapped[str] = mapped_column(String(16), nullable=False)
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class OidcIdentity(UuidPrimaryKey, Timestamps, Base):
    """The OpenID provider account (issuer + `sub`) an Earmark user signs in with."""

    __tablename__ = "oidc_identities"
    __table_args__ = (UniqueConstraint("issuer", "subject"),)

    user_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    issuer: Mapped[str] = mapped_column(String(2048), nullable=False)
    # The provider's `sub` claim: stable and unique per issuer (usernames and e-mails may change).
    subject: Mapped[str] = mapped_column(String(255), nullable=False)


class UserPermissions(Base):
    """A user's own permissions; NULL in a column means "the server's default" (settings)."""

    __tablename__ = "user_permissions"
    __table_args__ = (
        allowed_values("request_quota_period", QUOTA_PERIODS, "request_quota_period"),
        CheckConstraint("request_quota >= 0", name="request_quota_not_negative"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    auto_approve: Mapped[bool | None] = mapped_column(Boolean)
    interactive_search: Mapped[bool | None] = mapped_column(Boolean)
    pick_release: Mapped[bool | None] = mapped_column(Boolean)
    # Requests allowed per period; 0 is no limit.
    request_quota: Mapped[int | None] = mapped_column(Integer)
    request_quota_period: Mapped[str | None] = mapped_column(String(8))
