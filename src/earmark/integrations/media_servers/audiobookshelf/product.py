"""Audiobookshelf as a product: its stored connection and how its adapter is built."""

from __future__ import annotations

import httpx

from earmark.integrations.media_servers.audiobookshelf.client import AudiobookshelfServer
from earmark.integrations.media_servers.audiobookshelf.settings import AudiobookshelfConnection
from earmark.integrations.product import Product


def _build(http: httpx.Client, connection: AudiobookshelfConnection) -> AudiobookshelfServer:
    return AudiobookshelfServer.from_connection(http, connection)


PRODUCT = Product(
    category="media_server",
    name="audiobookshelf",
    title="Audiobookshelf",
    connection=AudiobookshelfConnection,
    build=_build,
    requires=("server_url", "api_key"),
)
