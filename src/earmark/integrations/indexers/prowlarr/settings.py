"""Prowlarr connection settings: base URL (trailing slash tolerated), API key, timeouts."""

from __future__ import annotations

import httpx
from pydantic import BaseModel, SecretStr, field_validator

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
