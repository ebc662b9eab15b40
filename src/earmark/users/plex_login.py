"""Plex PIN sign-in: start, poll, server-access check, Plex Home profile choice.

No callback URL is involved: the browser polls until plex.tv reports the PIN as linked, so no
public URL is needed. Identity always comes from plex.tv, never from what the browser sends.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from earmark.core.clock import Clock
from earmark.core.errors import ConfigurationMissing, InvalidInput
from earmark.db.engine import SessionFactory, transaction
from earmark.integrations.errors import IntegrationError, NotFoundUpstream
from earmark.integrations.media_servers.plex_tv import (
    PlexHomeUser,
    PlexResource,
    PlexTv,
    WrongProfilePin,
)
from earmark.security.crypto import Cipher
from earmark.settings_store.catalogue import PlexSettings
from earmark.settings_store.service import ConfigService
from earmark.users import repository
from earmark.users.errors import InvalidProfilePin, PlexAccessDenied, PlexLoginExpired
from earmark.users.models import PlexLogin, User
from earmark.users.service import UserService

# plex.tv keeps a PIN for 30 minutes; we give the person 15 to approve it.
PIN_TTL = timedelta(minutes=15)
# The main-account token waits server-side only briefly while a Home profile is chosen.
PROFILE_CHOICE_TTL = timedelta(minutes=5)


@dataclass(frozen=True)
class PinStarted:
    pin_id: str
    code: str
    auth_url: str
    login_secret: str
    expires_at: datetime


@dataclass(frozen=True)
class Waiting:
    """plex.tv has not linked the PIN yet."""


@dataclass(frozen=True)
class ProfileChoice:
    profiles: list[PlexHomeUser]


@dataclass(frozen=True)
class SignedIn:
    user: User


PollOutcome = Waiting | ProfileChoice | SignedIn


def resolve_client_identifier(configured: str | None, config: ConfigService) -> str:
    """The boot setting if given, else the stored one, else a new one stored for good."""
    if configured:
        return configured
    stored = config.section(PlexSettings).client_identifier
    if stored:
        return stored
    generated = f"earmark-{secrets.token_hex(8)}"
    config.set(PlexSettings.key_of("client_identifier"), generated)
    return generated


def has_server_access(resources: list[PlexResource], machine_identifier: str) -> bool:
    return any(r.is_server and r.client_identifier == machine_identifier for r in resources)


def _hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class PlexLoginService:
    def __init__(
        self,
        sessions: SessionFactory,
        cipher: Cipher,
        clock: Clock,
        config: ConfigService,
        plex_tv: PlexTv,
        users: UserService,
    ) -> None:
        self._sessions = sessions
        self._cipher = cipher
        self._clock = clock
        self._config = config
        self._plex_tv = plex_tv
        self._users = users

    def start(self) -> PinStarted:
        self._machine_identifier()
        pin = self._plex_tv.create_pin()
        secret = secrets.token_urlsafe(32)
        now = self._clock.now()
        with transaction(self._sessions) as session:
            repository.delete_expired_plex_logins(session, now)
            session.add(
                PlexLogin(
                    pin_id=str(pin.id), secret_hash=_hash_secret(secret), expires_at=now + PIN_TTL
                )
            )
        return PinStarted(
            str(pin.id), pin.code, self._plex_tv.auth_url(pin.code), secret, now + PIN_TTL
        )

    def poll(self, pin_id: str, secret: str | None) -> PollOutcome:
        login = self._pending(pin_id, secret)
        if login.main_token:
            return ProfileChoice(self._home_users(self._cipher.decrypt(login.main_token)))
        try:
            pin = self._plex_tv.get_pin(int(pin_id))
        except NotFoundUpstream as exc:
            raise PlexLoginExpired() from exc
        if pin.auth_token is None:
            return Waiting()
        return self._finish_main_login(pin_id, pin.auth_token)

    def choose_profile(
        self, pin_id: str, secret: str | None, home_user_id: str, profile_pin: str | None
    ) -> SignedIn:
        login = self._pending(pin_id, secret)
        if not login.main_token:
            raise PlexLoginExpired()
        main_token = self._cipher.decrypt(login.main_token)
        if not any(p.id == home_user_id for p in self._home_users(main_token)):
            raise InvalidInput("That profile is not part of this Plex Home.")
        try:
            profile_token = self._plex_tv.switch_home_user(main_token, home_user_id, profile_pin)
        except WrongProfilePin as exc:
            raise InvalidProfilePin() from exc
        account = self._plex_tv.get_account(profile_token)
        user = self._users.upsert_plex_user(account, profile_token, home_user_id)
        self._forget(pin_id)
        return SignedIn(user)

    def _finish_main_login(self, pin_id: str, token: str) -> PollOutcome:
        account = self._plex_tv.get_account(token)
        if not has_server_access(self._plex_tv.list_resources(token), self._machine_identifier()):
            self._forget(pin_id)
            raise PlexAccessDenied()
        profiles = self._home_users(token)
        if len(profiles) > 1:
            with transaction(self._sessions) as session:
                login = repository.get_plex_login(session, pin_id)
                if login is None:
                    raise PlexLoginExpired()
                login.main_token = self._cipher.encrypt(token)
                login.expires_at = self._clock.now() + PROFILE_CHOICE_TTL
            return ProfileChoice(profiles)
        user = self._users.upsert_plex_user(account, token, None)
        self._forget(pin_id)
        return SignedIn(user)

    def _home_users(self, token: str) -> list[PlexHomeUser]:
        try:
            return self._plex_tv.list_home_users(token)
        except IntegrationError:
            # No Home (or plex.tv hiding it) is the normal case: sign in as the main account.
            return []

    def _pending(self, pin_id: str, secret: str | None) -> PlexLogin:
        with self._sessions() as session:
            login = repository.get_plex_login(session, pin_id)
        valid = (
            login is not None
            and secret is not None
            and secrets.compare_digest(login.secret_hash, _hash_secret(secret))
            and login.expires_at > self._clock.now()
        )
        if not valid or login is None:
            raise PlexLoginExpired()
        return login

    def _forget(self, pin_id: str) -> None:
        with transaction(self._sessions) as session:
            login = repository.get_plex_login(session, pin_id)
            if login is not None:
                session.delete(login)

    def _machine_identifier(self) -> str:
        machine_identifier = self._config.section(PlexSettings).machine_identifier
        if not machine_identifier:
            raise ConfigurationMissing(
                "Plex sign-in is not available yet: the admin has not connected the Plex server. "
                "Sign in as the admin and configure Plex first."
            )
        return machine_identifier
