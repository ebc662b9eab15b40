"""Sign-in with the media server's own login (Audiobookshelf): an Earmark account per server user.

The server checks the username and password; Earmark keeps a local row for that server user
(`plex_id` = `<server kind>-<server user id>`), the server's token only encrypted. Attempts are
throttled like local sign-ins (same ledger, same limits). The role rule (docs/auth.md): a new
account is a `user`; a server root/admin starts as an Earmark admin only when the admin has
switched on `media_server.server_admins_are_admins`. Sign-in never changes an existing role.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from earmark.core.clock import Clock
from earmark.db.engine import SessionFactory, transaction
from earmark.integrations.errors import AuthFailed
from earmark.integrations.media_servers import ServerAccount, ServerSignIn
from earmark.security.crypto import Cipher
from earmark.users import repository
from earmark.users.errors import AccountDisabled, InvalidCredentials
from earmark.users.models import User
from earmark.users.rate_limit import LoginRateLimiter


@dataclass(frozen=True)
class ServerLogin:
    """The chosen media server as a sign-in source."""

    kind: str  # media_server.kind, e.g. "audiobookshelf"
    server: ServerSignIn
    admins_are_admins: bool


class ServerLoginService:
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

    def sign_in(
        self, login: ServerLogin, username: str, password: str, client_address: str
    ) -> User:
        with transaction(self._sessions) as session:
            attempt = self._limiter.begin(
                session, client_address, f"{login.kind}:{username}", self._clock.now()
            )
        # The server call runs outside any transaction; a refusal stays recorded by `begin`.
        try:
            account = login.server.sign_in(username, password)
        except AuthFailed as exc:
            raise InvalidCredentials() from exc
        with transaction(self._sessions) as session:
            self._limiter.forgive(session, attempt)
        try:
            return self._write_user(login, account)
        except IntegrityError:  # a parallel first sign-in of the same person created the row
            return self._write_user(login, account)

    def _write_user(self, login: ServerLogin, account: ServerAccount) -> User:
        with transaction(self._sessions) as session:
            plex_id = f"{login.kind}-{account.id}"
            user = repository.find_by_plex_id(session, plex_id)
            if user is None:
                role = "admin" if account.is_admin and login.admins_are_admins else "user"
                user = User(plex_id=plex_id, plex_username=account.username, role=role)
                session.add(user)
            elif user.disabled:
                raise AccountDisabled()
            user.plex_username = account.username
            user.auth_token = self._cipher.encrypt(account.token)
            user.last_login_at = self._clock.now()
            session.flush()
            return user
