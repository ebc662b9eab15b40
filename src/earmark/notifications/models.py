"""The notification tables (beyond the seed): admin channels and each user's own settings.

Apprise URLs carry tokens and passwords, so they are stored encrypted (the settings' envelope,
re-encrypted by `earmark config rotate-key` like every other envelope).
"""

from __future__ import annotations

import uuid

from sqlalchemy import Boolean, ForeignKey, String, Text, Uuid, false
from sqlalchemy.orm import Mapped, mapped_column

from earmark.db.base import Base, Timestamps, UuidPrimaryKey
from earmark.db.types import JsonType


class NotificationChannel(UuidPrimaryKey, Timestamps, Base):
    __tablename__ = "notification_channels"

    name: Mapped[str] = mapped_column(String(100), nullable=False)
    url_encrypted: Mapped[str] = mapped_column(Text, nullable=False)
    enabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    # NotificationEvent values (requests/notify.py) this channel is told about.
    events: Mapped[list[str]] = mapped_column(JsonType, nullable=False, default=list)
    # A mailto:// channel whose mail server also sends requesters' own e-mail notifications.
    sends_user_email: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=false()
    )


class UserNotificationSettings(UuidPrimaryKey, Timestamps, Base):
    __tablename__ = "user_notification_settings"

    user_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    url_encrypted: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(String(320))
    events: Mapped[list[str]] = mapped_column(JsonType, nullable=False, default=list)
