"""Transmission as a product: its stored connection and how its adapter is built."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx
from pydantic import SecretStr

from earmark.integrations.download_clients.transmission.settings import (
    TransmissionConnection,
    TransmissionSettings,
)
from earmark.integrations.product import Product

if TYPE_CHECKING:
    from earmark.integrations.download_clients.transmission.client import TransmissionClient


def _build(http: httpx.Client, connection: TransmissionConnection) -> TransmissionClient:
    # The client library is imported when a client is first built (docs/architecture.md).
    from earmark.integrations.download_clients.transmission.client import TransmissionClient

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
