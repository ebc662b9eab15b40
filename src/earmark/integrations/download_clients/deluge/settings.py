"""Connection settings for one Deluge Web UI (deluge-web, connected to a deluged)."""

from __future__ import annotations

from pydantic import BaseModel, SecretStr

from earmark.core.setting_fields import SettingsSection, Text, Url, setting


class DelugeSettings(BaseModel):
    url: str  # the Web UI's address, e.g. http://nas:8112 (JSON-RPC is at <url>/json)
    password: SecretStr = SecretStr("")
    timeout_seconds: float = 30.0
    verify_tls: bool = True


class DelugeConnection(SettingsSection):
    """What Earmark stores to reach Deluge (the password encrypted). The Web UI has no user."""

    group = "download_client"
    key_prefix = "download_client.deluge_"
    url: Url = setting(
        "", title="Deluge Web UI URL", description="e.g. http://nas:8112", secret_url=True
    )
    password: Text = setting("", title="Deluge Web UI password", secret=True, max_length=512)
