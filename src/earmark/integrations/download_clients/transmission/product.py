"""Transmission as a product: its stored connection and how its adapter is built."""

from __future__ import annotations

import httpx
from pydantic import SecretStr

from earmark.integrations.download_clients.transmission.client import TransmissionClient
from earmark.integrations.download_clients.transmission.settings import (
    TransmissionConnection,
    TransmissionSettings,
)
from earmark.integrations.product import Product


def _build(http: httpx.Client, connection: TransmissionConnection) -> TransmissionClient:
    settings = TransmissionSettings(
        url=connection.url,
        username=connection.username,
        password=SecretStr(connection.password),
    )
    return TransmissionClient(settings, http)


PRODUCT = Product(
    category="download_client",
    name="transmission",
    title="Transmission",
    connection=TransmissionConnection,
    build=_build,
    requires=("url",),
)
