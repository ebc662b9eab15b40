"""Connection settings for one NZBGet."""

from __future__ import annotations

from earmark.core.setting_fields import SettingsSection, Text, Url, setting


class NzbgetConnection(SettingsSection):
    """What Earmark stores to reach NZBGet (user and password encrypted)."""

    group = "usenet_client"
    key_prefix = "usenet_client.nzbget_"
    url: Url = setting("", title="NZBGet URL", description="e.g. http://nas:6789", secret_url=True)
    username: Text = setting(
        "", title="NZBGet control user", description="ControlUsername", secret=True, max_length=256
    )
    password: Text = setting("", title="NZBGet control password", secret=True, max_length=512)
