"""Admin channels and each user's own notification settings: stored encrypted, tested, and
the list of who hears about an event for a request."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from earmark.core.errors import InvalidInput, NotFound
from earmark.db.engine import SessionFactory, transaction
from earmark.notifications import sender
from earmark.notifications.messages import Message, sample_message
from earmark.notifications.models import NotificationChannel, UserNotificationSettings
from earmark.notifications.schemas import (
    ChannelIn,
    ChannelOut,
    MyNotificationsIn,
    MyNotificationsOut,
    SendOutcome,
    service_kind,
)
from earmark.requests.notify import NotificationEvent, parse_events
from earmark.security.crypto import Cipher


@dataclass(frozen=True)
class Target:
    """One place a message goes: `label` names it in logs (never the URL)."""

    label: str
    url: str


class NotificationService:
    def __init__(self, sessions: SessionFactory, cipher: Cipher) -> None:
        self._sessions = sessions
        self._cipher = cipher

    # --- admin channels ---------------------------------------------------------------------

    def list_channels(self) -> list[ChannelOut]:
        with self._sessions() as session:
            rows = session.scalars(select(NotificationChannel).order_by(NotificationChannel.name))
            return [self._out(row) for row in rows]

    def create_channel(self, body: ChannelIn) -> ChannelOut:
        if not body.url.strip():
            raise InvalidInput("A channel needs its Apprise URL.")
        with transaction(self._sessions) as session:
            row = NotificationChannel(name=body.name, url_encrypted="")
            self._apply(session, row, body)
            session.add(row)
            session.flush()
            return self._out(row)

    def update_channel(self, channel_id: uuid.UUID, body: ChannelIn) -> ChannelOut:
        with transaction(self._sessions) as session:
            row = self._channel(session, channel_id)
            row.name = body.name
            self._apply(session, row, body)
            return self._out(row)

    def delete_channel(self, channel_id: uuid.UUID) -> None:
        with transaction(self._sessions) as session:
            session.delete(self._channel(session, channel_id))

    def test_channel(self, channel_id: uuid.UUID) -> SendOutcome:
        with self._sessions() as session:
            url = self._cipher.decrypt(self._channel(session, channel_id).url_encrypted)
        return _outcome(sender.send(url, *_parts(sample_message())))

    def _apply(self, session: Session, row: NotificationChannel, body: ChannelIn) -> None:
        url = body.url.strip()
        if url:
            _require_usable(url)
            row.url_encrypted = self._cipher.encrypt(url)
        stored_url = url or self._cipher.decrypt(row.url_encrypted)
        if body.sends_user_email:
            if not sender.is_email_url(stored_url):
                raise InvalidInput(
                    "Only a mailto:// or mailtos:// channel can send requesters' e-mail."
                )
            for other in session.scalars(
                select(NotificationChannel).where(NotificationChannel.sends_user_email)
            ):
                other.sends_user_email = False
        row.enabled = body.enabled
        row.events = [e.value for e in body.events]
        row.sends_user_email = body.sends_user_email

    def _channel(self, session: Session, channel_id: uuid.UUID) -> NotificationChannel:
        row = session.get(NotificationChannel, channel_id)
        if row is None:
            raise NotFound("No such notification channel.")
        return row

    def _out(self, row: NotificationChannel) -> ChannelOut:
        return ChannelOut(
            id=row.id,
            name=row.name,
            kind=service_kind(self._cipher.decrypt(row.url_encrypted)),
            enabled=row.enabled,
            events=parse_events(row.events),
            sends_user_email=row.sends_user_email,
        )

    # --- a user's own settings --------------------------------------------------------------

    def my_settings(self, user_id: uuid.UUID) -> MyNotificationsOut:
        with self._sessions() as session:
            row = _settings_of(session, user_id)
            url = self._cipher.decrypt(row.url_encrypted) if row and row.url_encrypted else None
            return MyNotificationsOut(
                url_is_set=url is not None,
                url_kind=service_kind(url) if url else None,
                email=(row.email or "") if row else "",
                events=parse_events(row.events) if row else [],
                email_available=self.audience(session, ()).can_email,
            )

    def save_my_settings(self, user_id: uuid.UUID, body: MyNotificationsIn) -> MyNotificationsOut:
        with transaction(self._sessions) as session:
            row = _settings_of(session, user_id)
            if row is None:
                row = UserNotificationSettings(user_id=user_id, events=[])
                session.add(row)
            if body.url is not None:
                url = body.url.strip()
                if url:
                    _require_usable(url)
                row.url_encrypted = self._cipher.encrypt(url) if url else None
            if body.email and not self.audience(session, ()).can_email:
                raise InvalidInput(
                    "E-mail notifications need an admin to set up a mail channel first; "
                    "use an Apprise URL instead."
                )
            row.email = body.email or None
            row.events = [e.value for e in body.events]
        return self.my_settings(user_id)

    def test_mine(self, user_id: uuid.UUID) -> SendOutcome:
        with self._sessions() as session:
            targets = self.audience(session, [user_id]).own_targets(user_id)
        if not targets:
            return SendOutcome(
                ok=False, message="Save an Apprise URL or an e-mail address first, then test."
            )
        results = [(t.label, sender.send(t.url, *_parts(sample_message()))) for t in targets]
        failed = [f"{label}: {result.error}" for label, result in results if not result.ok]
        if failed:
            return SendOutcome(ok=False, message=" ".join(failed))
        return SendOutcome(ok=True, message="Sent. Check that it arrived.")

    # --- who hears about an event -----------------------------------------------------------

    def audience(self, session: Session, user_ids: Collection[uuid.UUID]) -> Audience:
        """Who hears about events, read once for a batch of notices: the enabled admin channels
        and the own settings of `user_ids` (a scan that makes 750 requests available plans
        their notices in a few queries, not three per notice)."""
        channels = list(
            session.scalars(select(NotificationChannel).where(NotificationChannel.enabled))
        )
        own = (
            session.scalars(
                select(UserNotificationSettings).where(
                    UserNotificationSettings.user_id.in_(set(user_ids))
                )
            )
            if user_ids
            else ()
        )
        return Audience(channels, {row.user_id: row for row in own}, self._cipher)


class Audience:
    """The enabled admin channels and some users' own settings, as read at one moment."""

    def __init__(
        self,
        channels: list[NotificationChannel],
        own: dict[uuid.UUID, UserNotificationSettings],
        cipher: Cipher,
    ) -> None:
        self._channels = channels
        self._own = own
        # The channel that sends requesters' e-mail (at most one is marked; see _apply).
        self._relay = next((row for row in channels if row.sends_user_email), None)
        self._cipher = cipher
        self._opened: dict[str, str] = {}

    @property
    def can_email(self) -> bool:
        """An enabled channel sends requesters' e-mail, so a user may give an address."""
        return self._relay is not None

    def targets(self, requester_id: uuid.UUID, event: NotificationEvent) -> list[Target]:
        """The channels taking `event`, and the requester's own addresses if they chose it."""
        targets = [
            Target(f"channel {row.name!r}", self._open(row.url_encrypted))
            for row in self._channels
            if event.value in row.events
        ]
        own = self._own.get(requester_id)
        if own is not None and event.value in own.events:
            targets.extend(self.own_targets(requester_id))
        return targets

    def own_targets(self, user_id: uuid.UUID) -> list[Target]:
        """A user's own addresses, whatever events they chose."""
        row = self._own.get(user_id)
        if row is None:
            return []
        found: list[Target] = []
        if row.url_encrypted:
            found.append(Target("your Apprise URL", self._open(row.url_encrypted)))
        if row.email and self._relay is not None:
            relay_url = self._open(self._relay.url_encrypted)
            found.append(Target("your e-mail", sender.email_url_for(relay_url, row.email)))
        return found

    def _open(self, sealed: str) -> str:
        """A stored URL in clear, opened once per audience (a batch names a channel often)."""
        if sealed not in self._opened:
            self._opened[sealed] = self._cipher.decrypt(sealed)
        return self._opened[sealed]


def _settings_of(session: Session, user_id: uuid.UUID) -> UserNotificationSettings | None:
    return session.scalar(
        select(UserNotificationSettings).where(UserNotificationSettings.user_id == user_id)
    )


def _require_usable(url: str) -> None:
    problem = sender.check_url(url)
    if problem:
        raise InvalidInput(problem)


def _parts(message: Message) -> tuple[str, str]:
    return message.title, message.body


def _outcome(result: sender.SendResult) -> SendOutcome:
    if result.ok:
        return SendOutcome(ok=True, message="Sent. Check that it arrived.")
    return SendOutcome(ok=False, message=result.error or "Sending failed.")
