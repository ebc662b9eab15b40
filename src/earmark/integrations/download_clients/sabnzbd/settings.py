"""Connection settings for one SABnzbd."""

from __future__ import annotations

from earmark.core.setting_fields import SettingsSection, Text, Url, setting


class SabnzbdConnection(SettingsSection):
    """What Earmark stores to reach SABnzbd (the API key encrypted)."""

    group = "usenet_client"
    key_prefix = "usenet_client.sabnzbd_"
    url: Url = setting("", title="SABnzbd URL", description="e.g. http://nas:8080", secret_url=True)
    api_key: Text = setting(
        "",
        title="SABnzbd API key",
        description="Config → General → Security → API Key",
        secret=True,
        max_length=256,
    )
