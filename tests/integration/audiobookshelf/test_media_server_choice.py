"""`media_server.kind = audiobookshelf` makes Audiobookshelf the server of scans and matching."""

from __future__ import annotations

from earmark.integrations.media_servers import ServerLibrary
from earmark.integrations.media_servers.audiobookshelf.client import AudiobookshelfServer
from earmark.integrations.registry import (
    build_media_server,
    media_library,
    media_server_configured,
)
from earmark.wiring import Services


def test_audiobookshelf_chosen_supplies_its_own_library_and_path(services: Services) -> None:
    services.config.set("plex.library_id", "7")
    services.config.set("plex.library_path", "/data/plex-books")
    services.config.set("media_server.kind", "audiobookshelf")
    services.config.set("audiobookshelf.server_url", "http://127.0.0.1:13378")
    assert media_server_configured(services) is False  # no API key yet

    services.config.set("audiobookshelf.api_key", "key")
    services.config.set("audiobookshelf.library_id", "lib-1")
    services.config.set("audiobookshelf.library_path", "/audiobooks")

    assert media_server_configured(services) is True
    assert media_library(services) == ServerLibrary("lib-1", "/audiobooks")
    assert isinstance(build_media_server(services), AudiobookshelfServer)
