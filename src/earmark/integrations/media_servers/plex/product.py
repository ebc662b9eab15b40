"""Plex Media Server as a product: its stored connection and how its adapter is built."""

from __future__ import annotations

import httpx
from pydantic import SecretStr

from earmark.integrations.media_servers.plex.client import PlexMediaServer
from earmark.integrations.media_servers.plex.settings import PlexConnection, PlexServerSettings
from earmark.integrations.product import Product


def _build(http: httpx.Client, connection: PlexConnection) -> PlexMediaServer:
    settings = PlexServerSettings(
        url=connection.server_url,
        token=SecretStr(connection.auth_token),
        library_id=connection.library_id,
    )
    return PlexMediaServer.from_settings(http, settings)


PRODUCT = Product(
    category="media_server",
    name="plex",
    title="Plex Media Server",
    connection=PlexConnection,
    build=_build,
    requires=("server_url", "auth_token"),
)
