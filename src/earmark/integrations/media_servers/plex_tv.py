"""What sign-in needs from plex.tv: PINs, accounts, reachable servers, Plex Home profiles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from earmark.integrations.errors import AuthFailed


@dataclass(frozen=True)
class PlexPin:
    id: int
    code: str
    auth_token: str | None


@dataclass(frozen=True)
class PlexAccount:
    id: str
    uuid: str | None
    username: str
    email: str | None
    thumb: str | None


@dataclass(frozen=True)
class PlexResource:
    name: str
    client_identifier: str
    is_server: bool


@dataclass(frozen=True)
class PlexHomeUser:
    id: str
    uuid: str | None
    title: str
    thumb: str | None
    requires_pin: bool
    is_admin: bool


class WrongProfilePin(AuthFailed):
    """plex.tv refused to switch to a Home profile: the PIN is missing or wrong."""

    code = "InvalidPIN"


class PlexTv(Protocol):
    client_identifier: str

    def create_pin(self) -> PlexPin: ...

    def get_pin(self, pin_id: int) -> PlexPin: ...

    def auth_url(self, code: str) -> str: ...

    def get_account(self, token: str) -> PlexAccount: ...

    def list_resources(self, token: str) -> list[PlexResource]: ...

    def list_home_users(self, token: str) -> list[PlexHomeUser]: ...

    def switch_home_user(self, token: str, home_user_id: str, pin: str | None) -> str:
        """The profile's own token."""
        ...
