"""Invitation links: an admin picks a role and a lifetime, the invitee picks a name and password.

The link carries a random token; only its SHA-256 is stored, so the table cannot be turned back
into working links. A token works once, before it expires.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from earmark.core.clock import Clock
from earmark.core.errors import InvalidInput, NotFound
from earmark.db.engine import SessionFactory, transaction
from earmark.users.errors import InvitationUnusable
from earmark.users.models import Invitation, User
from earmark.users.service import UserService, check_role

MIN_LIFETIME = timedelta(hours=1)
MAX_LIFETIME = timedelta(days=30)
TOKEN_BYTES = 32


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedInvitation:
    """The new row and its token, which exists only in this answer (and the link built from it)."""

    invitation: Invitation
    token: str


class InvitationService:
    def __init__(self, sessions: SessionFactory, clock: Clock, users: UserService) -> None:
        self._sessions = sessions
        self._clock = clock
        self._users = users

    def create(self, admin_id: uuid.UUID, role: str, lifetime: timedelta) -> IssuedInvitation:
        check_role(role)
        if not MIN_LIFETIME <= lifetime <= MAX_LIFETIME:
            raise InvalidInput("An invitation must last between 1 hour and 30 days.")
        token = secrets.token_urlsafe(TOKEN_BYTES)
        with transaction(self._sessions) as session:
            invitation = Invitation(
                token_hash=token_hash(token),
                role=role,
                expires_at=self._clock.now() + lifetime,
                created_by_id=admin_id,
            )
            session.add(invitation)
            session.flush()
            return IssuedInvitation(invitation, token)

    def list_open(self) -> list[Invitation]:
        """Invitations not used yet, newest first (expired ones too, so an admin can remove them)."""
        with self._sessions() as session:
            query = select(Invitation).where(Invitation.used_at.is_(None))
            return list(session.scalars(query.order_by(Invitation.created_at.desc())).all())

    def revoke(self, invitation_id: uuid.UUID) -> None:
        with transaction(self._sessions) as session:
            invitation = session.get(Invitation, invitation_id)
            if invitation is None:
                raise NotFound("No such invitation.")
            session.delete(invitation)

    def check(self, token: str) -> Invitation:
        """The invitation behind a link, if it can still be used."""
        with self._sessions() as session:
            return self._usable(session, token, self._clock.now())

    def accept(self, token: str, raw_username: str, password: str) -> User:
        """Creates the account and uses up the invitation in one transaction."""
        self.check(token)  # refuse a dead link before spending time on the password hash
        prepared = self._users.prepare_local_account(raw_username, password)
        now = self._clock.now()
        with transaction(self._sessions) as session:
            invitation = self._usable(session, token, now, for_update=True)
            user = self._users.add_prepared_account(session, prepared, invitation.role)
            invitation.used_at = now
            invitation.used_by_id = user.id
            user.last_login_at = now
            return user

    @staticmethod
    def _usable(
        session: Session, token: str, now: datetime, for_update: bool = False
    ) -> Invitation:
        query = select(Invitation).where(Invitation.token_hash == token_hash(token))
        invitation = session.scalar(query.with_for_update() if for_update else query)
        if invitation is None:
            raise NotFound("This invitation link is not valid; ask an admin for a new one.")
        if invitation.used_at is not None:
            raise InvitationUnusable(
                "This invitation has already been used; ask an admin for a new one."
            )
        if invitation.expires_at <= now:
            raise InvitationUnusable("This invitation has expired; ask an admin for a new one.")
        return invitation
