"""The registry picks the media server by `media_server.kind` and hands scans its library."""

from __future__ import annotations

import pytest

from earmark.integrations.media_servers import ServerLibrary
from earmark.integrations.registry import media_library, media_server_configured
from earmark.settings_store.errors import InvalidSettingValue
from earmark.wiring import Services


def test_media_library_plex_settings_become_the_neutral_library(services: Services) -> None:
    services.config.set("plex.library_id", "7")
    services.config.set("plex.library_path", "/data/audiobooks")

    assert services.config.get_str("media_server.kind") == "plex"
    assert media_library(services) == ServerLibrary("7", "/data/audiobooks")


def test_media_server_unknown_kind_is_refused_on_write(services: Services) -> None:
    services.config.set("plex.server_url", "http://127.0.0.1:32400")
    services.config.set("plex.auth_token", "token")

    with pytest.raises(InvalidSettingValue, match="must be one of plex"):
        services.config.set("media_server.kind", "jellyfin")
    assert services.config.get_str("media_server.kind") == "plex"
    assert media_server_configured(services) is True


def test_media_server_configured_needs_the_servers_own_settings(services: Services) -> None:
    services.config.set("plex.server_url", "http://127.0.0.1:32400")
    # Imports ask before queueing a scan: without a token there is no scan, not a failed import.
    assert media_server_configured(services) is False
