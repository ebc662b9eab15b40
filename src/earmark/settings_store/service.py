"""Configuration service: typed get/set of runtime settings, secrets sealed at rest."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from earmark.core.logging_setup import secret_registry
from earmark.db.engine import SessionFactory, transaction
from earmark.security.crypto import Cipher
from earmark.settings_store.catalogue import SETTINGS, SettingDef
from earmark.settings_store.codec import coerce, decode, encode
from earmark.settings_store.errors import UnknownSetting
from earmark.settings_store.models import Configuration

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

    def get(self, key: str) -> Any:
        setting = _definition(key)
        return self._values().get(key, setting.default)

    def get_str(self, key: str) -> str:
        return str(self.get(key) or "")

    def is_set(self, key: str) -> bool:
        return key in self._values() and self._values()[key] not in ("", None)

    def set(self, key: str, value: Any) -> None:
        self.set_many({key: value})

    def set_many(self, values: Mapping[str, Any], session: Session | None = None) -> None:
        """Write several settings in one transaction (or in the caller's, when given).

        With the caller's session the cache is dropped once that session commits, so a read
        between this write and the caller's commit cannot leave stale values cached.
        """
        if session is not None:
            self._write(session, values)
            # A fresh function each call: SQLAlchemy would merge repeats of one listener.
            event.listen(session, "after_commit", lambda _s: self.invalidate(), once=True)
            return
        with transaction(self._sessions) as own:
            self._write(own, values)
        self.invalidate()

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

    def _write(self, session: Session, values: Mapping[str, Any]) -> None:
        for key, raw in values.items():
            setting = _definition(key)
            value = coerce(setting, raw)
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
