"""User use cases: the local setup admin, local users, sign-in, own password, Plex account upsert,
roles, disabling and deletion."""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import dataclass
from functools import cache

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from earmark.core.clock import Clock
from earmark.core.errors import InvalidInput, NotFound
from earmark.db.engine import SessionFactory, transaction
from earmark.integrations.media_servers.plex_tv import PlexAccount
from earmark.security.crypto import Cipher, DecryptionFailed
from earmark.security.passwords import MIN_PASSWORD_LENGTH, hash_password, verify_password
from earmark.users import repository
from earmark.users.errors import (
    AccountDisabled,
    AwaitingApproval,
    InvalidCredentials,
    ProtectedUser,
    SetupAdminExists,
    UsernameTaken,
)
from earmark.users.models import ROLES, User
from earmark.users.rate_limit import LoginRateLimiter

log = logging.getLogger(__name__)

LOCAL_PREFIX = "local-"
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._@-]{2,63}$")


@cache
def _decoy_hash() -> str:
    # Verifying against a real hash for unknown users keeps their timing like a wrong password.
    return hash_password("decoy password that never matches anything")


def normalise_username(raw: str) -> str:
    username = raw.strip().lower()
    if not USERNAME_PATTERN.match(username):
        raise InvalidInput(
            "Username must be 3 to 64 characters: letters, digits, '.', '_', '-' or '@', "
            "starting with a letter or digit."
        )
    return username


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"Password must be at least {MIN_PASSWORD_LENGTH} characters long.")


def check_role(role: str) -> None:
    if role not in ROLES:
        raise InvalidInput("Role must be 'user' or 'admin'.")


@dataclass(frozen=True)
class PreparedAccount:
    """A checked username and the argon2 hash of its checked password, ready to insert."""

    username: str
    password_hash: str


@dataclass(frozen=True)
class UserWithRequests:
    user: User
    request_count: int


class UserService:
    def __init__(
        self,
        sessions: SessionFactory,
        cipher: Cipher,
        clock: Clock,
        limiter: LoginRateLimiter | None = None,
    ) -> None:
        self._sessions = sessions
        self._cipher = cipher
        self._clock = clock
        self._limiter = limiter or LoginRateLimiter()

    def has_setup_admin(self) -> bool:
        with self._sessions() as session:
            return repository.find_setup_admin(session) is not None

    def create_setup_admin(self, raw_username: str, password: str) -> User:
        username = normalise_username(raw_username)
        check_password_strength(password)
        with transaction(self._sessions) as session:
            if repository.find_setup_admin(session) is not None:
                raise SetupAdminExists()
            if repository.find_by_plex_id(session, LOCAL_PREFIX + username) is not None:
                raise SetupAdminExists()
            user = User(
                plex_id=LOCAL_PREFIX + username,
                plex_username=username,
                role="admin",
                is_setup_admin=True,
                auth_token=self._cipher.encrypt(hash_password(password)),
                last_login_at=self._clock.now(),
            )
            session.add(user)
            try:
                session.flush()
            except IntegrityError as exc:
                # Another request created the setup admin between our check and this insert.
                raise SetupAdminExists() from exc
            return user

    def create_local_user(self, raw_username: str, password: str, role: str) -> User:
        """A local account made by an admin (never the setup admin)."""
        prepared = self.prepare_local_account(raw_username, password)
        with transaction(self._sessions) as session:
            return self.add_prepared_account(session, prepared, role)

    @staticmethod
    def prepare_local_account(raw_username: str, password: str) -> PreparedAccount:
        """Checks the name and password and hashes it, outside any transaction (the hash is slow)."""
        username = normalise_username(raw_username)
        check_password_strength(password)
        return PreparedAccount(username, hash_password(password))

    def register(self, raw_username: str, password: str) -> User:
        """A self-registered account: a user, disabled until an admin approves it."""
        prepared = self.prepare_local_account(raw_username, password)
        with transaction(self._sessions) as session:
            return self.add_prepared_account(session, prepared, "user", awaiting_approval=True)

    def approve_registration(self, user_id: uuid.UUID) -> User:
        with transaction(self._sessions) as session:
            user = repository.get_user(session, user_id)
            if user is None or not user.awaiting_approval:
                raise NotFound("No account is waiting for approval with this id.")
            user.awaiting_approval = user.disabled = False
            return user

    def add_prepared_account(
        self,
        session: Session,
        prepared: PreparedAccount,
        role: str,
        *,
        awaiting_approval: bool = False,
    ) -> User:
        """Inserts the account inside the caller's transaction (an invitation is used up in it)."""
        check_role(role)
        if repository.find_by_plex_id(session, LOCAL_PREFIX + prepared.username) is not None:
            raise UsernameTaken(prepared.username)
        user = User(
            plex_id=LOCAL_PREFIX + prepared.username,
            plex_username=prepared.username,
            role=role,
            auth_token=self._cipher.encrypt(prepared.password_hash),
            awaiting_approval=awaiting_approval,
            disabled=awaiting_approval,
        )
        session.add(user)
        try:
            session.flush()
        except IntegrityError as exc:
            # Another request took the name between our check and this insert; the caller's
            # transaction rolls back as this error leaves it.
            raise UsernameTaken(prepared.username) from exc
        return user

    def change_own_password(
        self, user_id: uuid.UUID, current: str, new: str, client_address: str
    ) -> User:
        """Needs the current password (rate limited like sign-in); ends every session of the user."""
        check_password_strength(new)
        now = self._clock.now()
        with transaction(self._sessions) as session:
            user = repository.get_user(session, user_id)
            if user is None:
                raise NotFound("No such user.")
            if not user.is_local:
                where = "their OpenID provider" if user.is_oidc else "plex.tv"
                raise InvalidInput(
                    f"This account signs in elsewhere; change its password at {where}."
                )
            attempt = self._limiter.begin(session, client_address, user.plex_username, now)
            stored, username = user.auth_token, user.plex_username
        if not self._password_matches(stored, current, username):
            raise InvalidInput("The current password is not right.")
        new_hash = hash_password(new)
        with transaction(self._sessions) as session:
            self._limiter.forgive(session, attempt)
            changed = repository.get_user(session, user_id)
            if changed is None:
                raise NotFound("No such user.")
            changed.auth_token = self._cipher.encrypt(new_hash)
            changed.session_version += 1
            return changed

    def reset_local_password(self, raw_username: str, password: str) -> User:
        """Offline recovery (CLI): set a new password and end the account's sessions."""
        username = normalise_username(raw_username)
        check_password_strength(password)
        with transaction(self._sessions) as session:
            user = repository.find_by_plex_id(session, LOCAL_PREFIX + username)
            if user is None:
                raise NotFound(f"There is no local account named '{username}'.")
            user.auth_token = self._cipher.encrypt(hash_password(password))
            user.session_version += 1
            return user

    def sign_in_local(self, raw_username: str, password: str, client_address: str) -> User:
        username = raw_username.strip().lower()
        now = self._clock.now()
        with transaction(self._sessions) as session:
            attempt = self._limiter.begin(session, client_address, username, now)
            user = repository.find_by_plex_id(session, LOCAL_PREFIX + username)
            user_id, stored = (user.id, user.auth_token) if user is not None else (None, None)
        # The hash is slow on purpose: it runs outside any transaction (no write lock held), and
        # a failure stays recorded by `begin`.
        matched = self._password_matches(stored, password, username)
        if user_id is None or not matched:
            raise InvalidCredentials()
        with transaction(self._sessions) as session:
            self._limiter.forgive(session, attempt)
            signed_in = session.get(User, user_id)
            if signed_in is None:
                raise InvalidCredentials()
            if signed_in.awaiting_approval:
                raise AwaitingApproval()
            if signed_in.disabled:
                raise AccountDisabled()
            signed_in.last_login_at = now
            return signed_in

    def _password_matches(self, stored: str | None, password: str, username: str) -> bool:
        if not stored:
            verify_password(_decoy_hash(), password)
            return False
        try:
            stored_hash = self._cipher.decrypt(stored)
        except DecryptionFailed as exc:
            log.warning("local sign-in for %s impossible: %s", username, exc.message)
            return False
        return verify_password(stored_hash, password)

    def upsert_plex_user(
        self, account: PlexAccount, plex_token: str, home_user_id: str | None
    ) -> User:
        """Create or update the row for a plex.tv identity; retried once if a twin poll raced us."""
        try:
            return self._write_plex_user(account, plex_token, home_user_id)
        except IntegrityError:
            return self._write_plex_user(account, plex_token, home_user_id)

    def _write_plex_user(
        self, account: PlexAccount, plex_token: str, home_user_id: str | None
    ) -> User:
        with transaction(self._sessions) as session:
            user = repository.find_by_plex_id(session, account.id)
            if user is None:
                user = User(plex_id=account.id, plex_username=account.username, role="user")
                session.add(user)
            elif user.disabled:
                raise AccountDisabled()
            user.plex_username = account.username
            user.plex_email = account.email
            user.avatar_url = account.thumb
            user.auth_token = self._cipher.encrypt(plex_token)
            user.plex_home_user_id = home_user_id
            user.last_login_at = self._clock.now()
            session.flush()
            return user

    def get_user(self, user_id: uuid.UUID) -> User:
        with self._sessions() as session:
            user = repository.get_user(session, user_id)
        if user is None:
            raise NotFound("No such user.")
        return user

    def list_users(self) -> list[UserWithRequests]:
        with self._sessions() as session:
            rows = repository.list_with_request_counts(session)
        return [UserWithRequests(user, count) for user, count in rows]

    def end_sessions(self, user_id: uuid.UUID) -> None:
        """Every token minted for this user so far stops working (logout everywhere)."""
        with transaction(self._sessions) as session:
            user = repository.get_user(session, user_id)
            if user is not None:
                user.session_version += 1

    def change_role(self, actor_id: uuid.UUID, user_id: uuid.UUID, role: str) -> User:
        check_role(role)
        with transaction(self._sessions) as session:
            user = self._editable_target(session, actor_id, user_id, "change the role of")
            if user.role != role:
                user.role = role
                user.session_version += 1
            return user

    def set_disabled(self, actor_id: uuid.UUID, user_id: uuid.UUID, disabled: bool) -> User:
        """Disabling ends the account's sessions at once; its API keys are refused while disabled."""
        action = "disable" if disabled else "enable"
        with transaction(self._sessions) as session:
            user = self._editable_target(session, actor_id, user_id, action)
            if user.disabled != disabled:
                user.disabled = disabled
                user.session_version += 1
            if not disabled:
                user.awaiting_approval = False  # enabling a waiting account approves it
            return user

    def delete_user(self, actor_id: uuid.UUID, user_id: uuid.UUID) -> None:
        """Deletes the account; its requests (and their download history) go with it."""
        with transaction(self._sessions) as session:
            user = self._editable_target(session, actor_id, user_id, "delete")
            session.delete(user)

    @staticmethod
    def _editable_target(
        session: Session, actor_id: uuid.UUID, user_id: uuid.UUID, action: str
    ) -> User:
        user = repository.get_user(session, user_id)
        if user is None:
            raise NotFound("No such user.")
        if user.id == actor_id:
            raise ProtectedUser(f"You cannot {action} your own account.")
        if user.is_setup_admin:
            raise ProtectedUser(f"You cannot {action} the setup admin.")
        return user
