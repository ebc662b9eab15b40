"""Connection settings of one Plex Media Server."""

from __future__ import annotations

from pydantic import BaseModel, Field, SecretStr, field_validator

from earmark.core.setting_fields import (
    MAX_PATH_LENGTH,
    PathText,
    SettingsSection,
    Text,
    Url,
    setting,
)
from earmark.integrations.media_servers.protocol import ServerLibrary

# The reference client waits 10 s for Plex; big library pages can take a few seconds to build.
DEFAULT_TIMEOUT_SECONDS = 10.0


class PlexServerSettings(BaseModel):
    url: str = Field(min_length=1)
    token: SecretStr
    library_id: str = ""
    timeout_seconds: float = Field(default=DEFAULT_TIMEOUT_SECONDS, gt=0)

    @field_validator("url")
    @classmethod
    def _strip_trailing_slash(cls, value: str) -> str:
        return value.strip().rstrip("/")


class PlexConnection(SettingsSection):
    """What Earmark stores to reach the Plex server (the token encrypted)."""

    group = "plex"
    key_prefix = "plex."
    server_url: Url = setting(
        "", title="Plex server URL", description="e.g. http://192.168.1.10:32400", secret_url=True
    )
    auth_token: Text = setting(
        "", title="Plex token", description="Token used for scans", secret=True, max_length=512
    )
    library_id: Text = setting(
        "", title="Audiobook library", description="Section key of the library", max_length=64
    )
    library_path: PathText = setting(
        "",
        title="Library folder as Plex sees it",
        description="Only if not the same path as Earmark's (e.g. /data/audiobooks)",
        max_length=MAX_PATH_LENGTH,
    )

    def server_library(self) -> ServerLibrary:
        return ServerLibrary(library_id=self.library_id, server_root=self.library_path)
