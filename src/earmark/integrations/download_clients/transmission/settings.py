"""Connection settings for one Transmission RPC endpoint."""

from __future__ import annotations

from pydantic import BaseModel, SecretStr

from earmark.core.setting_fields import SettingsSection, Text, Url, setting


class TransmissionSettings(BaseModel):
    url: str  # e.g. http://nas:9091/transmission/rpc (the path defaults to /transmission/rpc)
    username: str = ""
    password: SecretStr = SecretStr("")
    timeout_seconds: float = 30.0


class TransmissionConnection(SettingsSection):
    """What Earmark stores to reach Transmission (the password encrypted)."""

    group = "download_client"
    key_prefix = "download_client.transmission_"
    url: Url = setting(
        "",
        title="Transmission RPC URL",
        description="e.g. http://nas:9091/transmission/rpc",
        secret_url=True,
    )
    username: Text = setting("", title="Transmission user", secret=True, max_length=256)
    password: Text = setting("", title="Transmission password", secret=True, max_length=512)
