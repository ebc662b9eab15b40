"""Prowlarr as a product: its stored connection and how its adapter is built."""

from __future__ import annotations

import httpx
from pydantic import SecretStr

from earmark.integrations.indexers.prowlarr.client import ProwlarrClient
from earmark.integrations.indexers.prowlarr.settings import ProwlarrConnection, ProwlarrSettings
from earmark.integrations.product import Product


def _build(http: httpx.Client, connection: ProwlarrConnection) -> ProwlarrClient:
    settings = ProwlarrSettings(url=connection.url, api_key=SecretStr(connection.api_key))
    return ProwlarrClient.from_settings(http, settings)


PRODUCT = Product(
    category="indexer",
    name="prowlarr",
    title="Prowlarr",
    connection=ProwlarrConnection,
    build=_build,
    requires=("url", "api_key"),
)
