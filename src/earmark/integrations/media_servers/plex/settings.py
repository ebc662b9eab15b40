"""Connection settings of one Plex Media Server."""

from __future__ import annotations

from pydantic import BaseModel, Field, SecretStr, field_validator

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
