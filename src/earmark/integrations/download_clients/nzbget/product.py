"""NZBGet as a product: its stored connection and how its adapter is built."""

from __future__ import annotations

import httpx

from earmark.integrations.download_clients.nzbget.client import NzbgetClient
from earmark.integrations.download_clients.nzbget.settings import NzbgetConnection
from earmark.integrations.product import Product


def _build(http: httpx.Client, connection: NzbgetConnection) -> NzbgetClient:
    return NzbgetClient(connection.url, connection.username, connection.password, http)


PRODUCT = Product(
    category="usenet_client",
    name="nzbget",
    title="NZBGet",
    connection=NzbgetConnection,
    build=_build,
    requires=("url",),
)
