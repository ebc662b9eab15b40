"""Deluge as a product: its stored connection and how its adapter is built."""

from __future__ import annotations

import httpx
from pydantic import SecretStr

from earmark.integrations.download_clients.deluge.client import DelugeClient
from earmark.integrations.download_clients.deluge.settings import (
    DelugeConnection,
    DelugeSettings,
)
from earmark.integrations.product import Product


def _build(http: httpx.Client, connection: DelugeConnection) -> DelugeClient:
    settings = DelugeSettings(url=connection.url, password=SecretStr(connection.password))
    return DelugeClient(settings, http)


PRODUCT = Product(
    category="download_client",
    name="deluge",
    title="Deluge",
    connection=DelugeConnection,
    build=_build,
    requires=("url",),
)
