"""Builds the long-lived objects of one process (engine, sessions, cipher, config, HTTP client)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import httpx
from sqlalchemy import Engine

from earmark import schema
from earmark.core.clock import Clock, SystemClock
from earmark.db.engine import SessionFactory, build_engine, build_session_factory, transaction
from earmark.db.push import PushReport, push_schema
from earmark.downloads.repository import forget_link_keys
from earmark.integrations.indexers.prowlarr.parsing import without_api_key
from earmark.live.broker import LiveBroker
from earmark.live.hooks import attach as attach_live_updates
from earmark.notifications.dispatch import Dispatcher
from earmark.notifications.service import NotificationService
from earmark.requests.notify import on_notice
from earmark.security.crypto import Cipher, load_or_create_key
from earmark.settings import BootSettings
from earmark.settings_store.service import ConfigService

HTTP_TIMEOUT = httpx.Timeout(15.0, connect=5.0)


@dataclass
class Services:
    settings: BootSettings
    engine: Engine
    sessions: SessionFactory
    cipher: Cipher
    config: ConfigService
    live: LiveBroker
    notifications: NotificationService
    # Sends the notices of committed transactions in the background (docs/notifications.md).
    notifier: Dispatcher
    clock: Clock = field(default_factory=SystemClock)
    # Adapters built from configuration, keyed by their settings, so a client logs in once
    # and a settings change yields a fresh adapter (see integrations/registry.py).
    adapter_cache: dict[tuple[str, str], object] = field(default_factory=dict)
    _http: httpx.Client | None = field(default=None, init=False, repr=False)
    _http_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @property
    def http(self) -> httpx.Client:
        """The shared outbound client, built on first use: loading its TLS certificates took
        ~40 ms of every start, which mostly serves pages before it calls out anywhere."""
        with self._http_lock:
            if self._http is None:
                self._http = httpx.Client(timeout=HTTP_TIMEOUT, follow_redirects=False)
            return self._http

    def close(self) -> None:
        self.live.close()
        self.notifier.close()
        with self._http_lock:
            if self._http is not None:
                self._http.close()
        self.engine.dispose()


def build_services(settings: BootSettings, *, clock: Clock | None = None) -> Services:
    settings.ensure_data_dir()
    engine = build_engine(settings.resolved_database_url)
    sessions = build_session_factory(engine)
    cipher = Cipher(load_or_create_key(settings.encryption_key, settings.data_dir))
    postgres = engine.dialect.name == "postgresql"
    live = LiveBroker(listen_to=engine if postgres else None)
    attach_live_updates(sessions, live, postgres=postgres)
    notifications = NotificationService(sessions, cipher)
    link_base = (
        f"{settings.public_url.rstrip('/')}{settings.base_path}" if settings.public_url else None
    )
    notifier = Dispatcher(sessions, notifications, link_base)
    on_notice(sessions, notifier.submit)
    return Services(
        settings=settings,
        engine=engine,
        sessions=sessions,
        cipher=cipher,
        config=ConfigService(sessions, cipher),
        live=live,
        clock=clock or SystemClock(),
        notifications=notifications,
        notifier=notifier,
    )


def push(
    services: Services, *, accept_data_loss: bool = False, trust_fingerprint: bool = True
) -> PushReport:
    report = push_schema(
        services.engine,
        schema.metadata(),
        accept_data_loss=accept_data_loss,
        trust_fingerprint=trust_fingerprint,
    )
    # Data stored before a rule tightened: secrets in clear (user names became secret), release
    # links holding Prowlarr's API key.
    services.config.seal_plaintext_secrets()
    with transaction(services.sessions) as session:
        forget_link_keys(session, without_api_key)
    return report
