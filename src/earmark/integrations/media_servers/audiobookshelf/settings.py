"""Connection settings of one Audiobookshelf server."""

from __future__ import annotations

from earmark.core.setting_fields import (
    MAX_PATH_LENGTH,
    PathText,
    SettingsSection,
    Text,
    Url,
    setting,
)
from earmark.integrations.media_servers.protocol import ServerLibrary

# Audiobookshelf answers from its SQLite database; a library page of 500 items takes < 1 s.
DEFAULT_TIMEOUT_SECONDS = 10.0


class AudiobookshelfConnection(SettingsSection):
    """What Earmark stores to reach Audiobookshelf (the API key encrypted, bound to the URL)."""

    group = "audiobookshelf"
    key_prefix = "audiobookshelf."
    server_url: Url = setting(
        "",
        title="Audiobookshelf URL",
        description="e.g. http://192.168.1.10:13378",
        secret_url=True,
    )
    api_key: Text = setting(
        "",
        title="Audiobookshelf API key",
        description="An API key of an admin user (Settings → API Keys in Audiobookshelf)",
        secret=True,
        max_length=2048,
    )
    library_id: Text = setting(
        "", title="Audiobook library", description="A book library of the server", max_length=64
    )
    library_path: PathText = setting(
        "",
        title="Library folder as Audiobookshelf sees it",
        description="Only if not the same path as Earmark's (e.g. /audiobooks)",
        max_length=MAX_PATH_LENGTH,
    )

    def server_library(self) -> ServerLibrary:
        return ServerLibrary(library_id=self.library_id, server_root=self.library_path)
