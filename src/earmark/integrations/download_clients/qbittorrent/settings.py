"""Connection settings for one qBittorrent Web UI."""

from __future__ import annotations

from pydantic import BaseModel, SecretStr

from earmark.core.setting_fields import SettingsSection, Text, Url, setting


class QbittorrentSettings(BaseModel):
    url: str
    username: str = ""
    password: SecretStr = SecretStr("")
    timeout_seconds: float = 30.0
    verify_tls: bool = True


class QbittorrentConnection(SettingsSection):
    """What Earmark stores to reach qBittorrent (the password encrypted)."""

    group = "download_client"
    key_prefix = "download_client.qbittorrent_"
    url: Url = setting(
        "", title="qBittorrent Web UI URL", description="e.g. http://nas:8080", secret_url=True
    )
    username: Text = setting("", title="qBittorrent user", secret=True, max_length=256)
    password: Text = setting("", title="qBittorrent password", secret=True, max_length=512)
