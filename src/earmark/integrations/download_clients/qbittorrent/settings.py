"""Connection settings for one qBittorrent Web UI."""

from __future__ import annotations

from pydantic import BaseModel, SecretStr


class QbittorrentSettings(BaseModel):
    url: str
    username: str = ""
    password: SecretStr = SecretStr("")
    timeout_seconds: float = 30.0
    verify_tls: bool = True
