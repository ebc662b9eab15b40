"""Prowlarr connection settings: base URL (trailing slash tolerated), API key, timeouts."""

from __future__ import annotations

import httpx
from pydantic import BaseModel, SecretStr, field_validator

from earmark.core.setting_fields import MAX_TEXT_LENGTH, SettingsSection, Text, Url, setting

SERVICE = "Prowlarr"


class ProwlarrSettings(BaseModel):
    url: str
    api_key: SecretStr
    # Some indexers take ~30 s to answer a search or hand out a .torrent, so allow a full minute.
    timeout_seconds: float = 60.0
    connect_timeout_seconds: float = 5.0

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        value = value.strip()
        if not value.lower().startswith(("http://", "https://")):
            raise ValueError("the Prowlarr URL must start with http:// or https://")
        return value

    @property
    def root(self) -> str:
        return self.url.rstrip("/")

    @property
    def timeout(self) -> httpx.Timeout:
        return httpx.Timeout(self.timeout_seconds, connect=self.connect_timeout_seconds)

    def is_prowlarr_url(self, url: str) -> bool:
        """True when `url` points at this Prowlarr (same scheme, host and port)."""
        return _origin(url) == _origin(self.root)


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: str) -> tuple[str, str, int] | None:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        return None
    scheme = parsed.scheme.lower()
    port = parsed.port or _DEFAULT_PORTS.get(scheme, 0)
    return scheme, parsed.host.lower(), port


class ProwlarrConnection(SettingsSection):
    """What Earmark stores to reach Prowlarr (the API key encrypted)."""

    group = "indexer"
    key_prefix = "indexer.prowlarr_"
    url: Url = setting(
        "", title="Prowlarr URL", description="e.g. http://prowlarr:9696", secret_url=True
    )
    api_key: Text = setting("", title="Prowlarr API key", secret=True, max_length=MAX_TEXT_LENGTH)
