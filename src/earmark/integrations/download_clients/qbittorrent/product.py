"""qBittorrent as a product: its stored connection and how its adapter is built."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx
from pydantic import SecretStr

from earmark.integrations.download_clients.qbittorrent.settings import (
    QbittorrentConnection,
    QbittorrentSettings,
)
from earmark.integrations.product import Product

if TYPE_CHECKING:
    from earmark.integrations.download_clients.qbittorrent.client import QbittorrentClient


def _build(http: httpx.Client, connection: QbittorrentConnection) -> QbittorrentClient:
    # The client library is imported when a client is first built (docs/architecture.md).
    from earmark.integrations.download_clients.qbittorrent.client import QbittorrentClient

    settings = QbittorrentSettings(
        url=connection.url,
        username=connection.username,
        password=SecretStr(connection.password),
    )
    return QbittorrentClient(settings, http)


PRODUCT = Product(
    category="download_client",
    name="qbittorrent",
    title="qBittorrent",
    connection=QbittorrentConnection,
    build=_build,
    requires=("url",),
)
