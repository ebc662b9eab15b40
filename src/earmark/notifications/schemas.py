"""API shapes of notification channels and a user's own notification settings (URLs never leave
the server: answers say only whether one is stored and which kind of service it is)."""

from __future__ import annotations

import re
import uuid
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator

from earmark.requests.notify import NotificationEvent

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def service_kind(url: str) -> str:
    """The URL's scheme (ntfy, json, mailto…): enough to recognise a channel, no secrets."""
    return urlsplit(url.strip()).scheme.lower()


class ChannelIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100)
    # Empty on an edit: keep the stored URL.
    url: str = Field(default="", max_length=2000)
    enabled: bool = True
    events: list[NotificationEvent] = Field(default_factory=list)
    sends_user_email: bool = False

    @field_validator("name")
    @classmethod
    def _strip(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("A channel needs a name.")
        return value


class ChannelOut(BaseModel):
    id: uuid.UUID
    name: str
    kind: str
    enabled: bool
    events: list[NotificationEvent]
    sends_user_email: bool


class ChannelList(BaseModel):
    channels: list[ChannelOut]


class SendOutcome(BaseModel):
    ok: bool
    message: str


class MyNotificationsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # None keeps the stored URL, "" removes it.
    url: str | None = Field(default=None, max_length=2000)
    email: str = Field(default="", max_length=320)
    events: list[NotificationEvent] = Field(default_factory=list)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        value = value.strip()
        if value and not EMAIL_PATTERN.match(value):
            raise ValueError("That is not an e-mail address (name@example.org).")
        return value


class MyNotificationsOut(BaseModel):
    url_is_set: bool
    url_kind: str | None
    email: str
    events: list[NotificationEvent]
    email_available: bool
