"""SABnzbd as a product: its stored connection and how its adapter is built."""

from __future__ import annotations

import httpx

from earmark.integrations.download_clients.sabnzbd.client import SabnzbdClient
from earmark.integrations.download_clients.sabnzbd.settings import SabnzbdConnection
from earmark.integrations.product import Product


def _build(http: httpx.Client, connection: SabnzbdConnection) -> SabnzbdClient:
    return SabnzbdClient(connection.url, connection.api_key, http)


PRODUCT = Product(
    category="usenet_client",
    name="sabnzbd",
    title="SABnzbd",
    connection=SabnzbdConnection,
    build=_build,
    requires=("url", "api_key"),
)
