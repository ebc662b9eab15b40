"""Earmark's download-client adapters signed in to the test daemons (or with a wrong password)."""

from __future__ import annotations

from typing import Any

import httpx
from pydantic import SecretStr

from earmark.demo.parts.daemons import QbittorrentDaemon, TransmissionDaemon
from earmark.demo.parts.deluge_daemon import DelugeDaemon
from earmark.integrations.download_clients.deluge.client import DelugeClient
from earmark.integrations.download_clients.deluge.settings import DelugeSettings
from earmark.integrations.download_clients.qbittorrent.client import QbittorrentClient
from earmark.integrations.download_clients.qbittorrent.settings import QbittorrentSettings
from earmark.integrations.download_clients.transmission.client import TransmissionClient
from earmark.integrations.download_clients.transmission.settings import TransmissionSettings


def _sign_in(
    daemon: QbittorrentDaemon | TransmissionDaemon, password: str | None
) -> dict[str, Any]:
    return {
        "url": daemon.url,
        "username": daemon.username,
        "password": SecretStr(password if password is not None else daemon.password),
        "timeout_seconds": 10,
    }


def qbittorrent_adapter(
    daemon: QbittorrentDaemon, http: httpx.Client, password: str | None = None
) -> QbittorrentClient:
    return QbittorrentClient(QbittorrentSettings(**_sign_in(daemon, password)), http)


def transmission_adapter(
    daemon: TransmissionDaemon, http: httpx.Client, password: str | None = None
) -> TransmissionClient:
    return TransmissionClient(TransmissionSettings(**_sign_in(daemon, password)), http)


def deluge_adapter(
    daemon: DelugeDaemon, http: httpx.Client, password: str | None = None
) -> DelugeClient:
    secret = SecretStr(password if password is not None else daemon.password)
    return DelugeClient(DelugeSettings(url=daemon.url, password=secret, timeout_seconds=10), http)
