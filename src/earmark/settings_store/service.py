"""Configuration service: typed sections of runtime settings, validated on write, secrets sealed.

A stored secret is bound to the settings that say where it is sent (`SettingDef.bound_to`): a
write that changes one of them must carry the secret again, or say explicitly that the stored
secret may follow (`keep_secret_for_new_url`), so an admin session cannot redirect a stored token
to another host by changing a URL.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from typing import Any, TypeVar

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from earmark.core.logging_setup import secret_registry
from earmark.core.setting_fields import SettingsSection
from earmark.db.engine import SessionFactory, transaction
from earmark.security.crypto import Cipher
from earmark.settings_store.catalogue import SETTINGS
from earmark.settings_store.codec import coerce, decode, encode
from earmark.settings_store.definitions import SettingDef, keys_of
from earmark.settings_store.errors import SecretNeedsReentry, UnknownSetting
from earmark.settings_store.models import Configuration

S = TypeVar("S", bound=SettingsSection)

# Other processes (a separate worker) may write settings; a short TTL bounds how stale we get.
CACHE_TTL_SECONDS = 5.0


def _definition(key: str) -> SettingDef:
    setting = SETTINGS.get(key)
    if setting is None:
        raise UnknownSetting(f"unknown setting '{key}'")
    return setting


class ConfigService:
    def __init__(self, sessions: SessionFactory, cipher: Cipher) -> None:
        self._sessions = sessions
        self._cipher = cipher
        self._lock = threading.Lock()
        self._cache: dict[str, Any] | None = None
        self._loaded_at = 0.0

    def section(self, model: type[S]) -> S:
        """The settings of one section, typed (stored values over the fields' defaults)."""
        values = self._values()
        return model.model_validate(
            {name: values.get(key, SETTINGS[key].default) for name, key in keys_of(model).items()}
        )

    def stored_secret_for(self, secret_key: str, addresses: Mapping[str, Any]) -> str | None:
        """The stored secret when `addresses` (its bound settings -> values) are the stored ones.

        A connection test of a typed address uses this: the stored secret is only ever paired
        with the address it was entered for; None means "enter the secret for this address".
        """
        setting = _definition(secret_key)
        values = self._values()
        for key in setting.bound_to:
            proposed = coerce(SETTINGS[key], addresses.get(key, values.get(key)))
            if proposed != values.get(key, SETTINGS[key].default):
                return None
        return str(values.get(secret_key) or "")

    def get(self, key: str) -> Any:
        setting = _definition(key)
        return self._values().get(key, setting.default)

    def get_str(self, key: str) -> str:
        """One setting as text; prefer `section(Model)`, which is typed."""
        return str(self.get(key) or "")

    def set(self, key: str, value: Any) -> None:
        self.set_many({key: value})

    def set_many(
        self,
        values: Mapping[str, Any],
        session: Session | None = None,
        *,
        keep_secret_for_new_url: bool = False,
    ) -> None:
        """Write several settings in one transaction (or in the caller's, when given).

        Every value is validated first; one invalid value (or a moved secret address, see the
        module docstring) refuses the whole write. With the caller's session the cache is dropped
        once that session commits, so a read between this write and the caller's commit cannot
        leave stale values cached.
        """
        if session is not None:
            self._write(session, values, keep_secret_for_new_url)
            # A fresh function each call: SQLAlchemy would merge repeats of one listener.
            event.listen(session, "after_commit", lambda _s: self.invalidate(), once=True)
            return
        with transaction(self._sessions) as own:
            self._write(own, values, keep_secret_for_new_url)
        self.invalidate()

    def check(
        self, values: Mapping[str, Any], *, keep_secret_for_new_url: bool = False
    ) -> dict[str, Any]:
        """Validate a write without storing it (before acting on its values); the typed values."""
        with self._sessions() as session:
            return self._validated(session, values, keep_secret_for_new_url)

    def public_view(self, category: str | None = None) -> dict[str, Any]:
        """Settings for the admin UI: secrets reported only as set/not set."""
        values = self._values()
        view: dict[str, Any] = {}
        for key, setting in SETTINGS.items():
            if category and setting.category != category:
                continue
            value = values.get(key, setting.default)
            view[key] = {"is_set": bool(value)} if setting.secret else value
        return view

    def seal_plaintext_secrets(self) -> int:
        """Encrypt secret values stored in clear (written before their setting became secret,
        such as download-client user names); returns how many were sealed. Until sealed they
        are read as they are: `_load` decrypts only rows marked encrypted."""
        sealed = 0
        with transaction(self._sessions) as session:
            rows = session.scalars(
                select(Configuration).where(Configuration.encrypted.is_(False))
            ).all()
            for row in rows:
                setting = SETTINGS.get(row.key)
                if setting is None or not setting.secret or not row.value:
                    continue
                row.value = self._cipher.encrypt(row.value)
                row.encrypted = True
                sealed += 1
        if sealed:
            self.invalidate()
        return sealed

    def invalidate(self) -> None:
        with self._lock:
            self._cache = None

    def _validated(
        self, session: Session, values: Mapping[str, Any], keep_secret_for_new_url: bool
    ) -> dict[str, Any]:
        changes = {key: coerce(_definition(key), raw) for key, raw in values.items()}
        if not keep_secret_for_new_url:
            stored = {row.key: row.value for row in session.scalars(select(Configuration))}
            _check_secret_addresses(stored, changes)
        return changes

    def _write(
        self, session: Session, values: Mapping[str, Any], keep_secret_for_new_url: bool
    ) -> None:
        changes = self._validated(session, values, keep_secret_for_new_url)
        for key, value in changes.items():
            setting = SETTINGS[key]
            text = encode(setting, value)
            if setting.secret and text:
                secret_registry.add(text)
                text = self._cipher.encrypt(text)
            row = session.scalar(select(Configuration).where(Configuration.key == key))
            if row is None:
                row = Configuration(
                    key=key, category=setting.category, description=setting.description
                )
                session.add(row)
            row.value = text
            row.encrypted = setting.secret
        session.flush()

    def _values(self) -> dict[str, Any]:
        with self._lock:
            fresh = (
                self._cache is not None and time.monotonic() - self._loaded_at < CACHE_TTL_SECONDS
            )
            if fresh and self._cache is not None:
                return self._cache
        values = self._load()
        with self._lock:
            self._cache = values
            self._loaded_at = time.monotonic()
        return values

    def _load(self) -> dict[str, Any]:
        with self._sessions() as session:
            rows = session.scalars(select(Configuration)).all()
        values: dict[str, Any] = {}
        for row in rows:
            setting = SETTINGS.get(row.key)
            if setting is None:
                continue
            text = row.value
            if row.encrypted and text:
                text = self._cipher.decrypt(text)
                secret_registry.add(text)
            values[row.key] = decode(setting, text)
        return values


def _check_secret_addresses(stored: Mapping[str, str | None], changes: Mapping[str, Any]) -> None:
    """Refuse a write that sends a stored secret somewhere new without it being entered again."""
    for setting in SETTINGS.values():
        if not setting.bound_to or setting.key in changes or not stored.get(setting.key):
            continue
        moved = [
            SETTINGS[key].title
            for key in setting.bound_to
            if key in changes and changes[key] != decode(SETTINGS[key], stored.get(key))
        ]
        if moved:
            raise SecretNeedsReentry(
                f"Enter the {setting.title} again to change the {' and '.join(moved)}: the stored "
                "one is only sent to the address it was entered for. To send the stored one to "
                "the new address, confirm with keep_secret_for_new_url."
            )
