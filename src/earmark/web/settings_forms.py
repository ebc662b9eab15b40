"""What the setup wizard and the settings page show, derived from the settings and the products.

Dropdowns list the registered products (their names and titles); numeric inputs get the bounds of
their fields. Nothing here is written by hand per product.
"""

from __future__ import annotations

from typing import Any

from earmark.core.setting_fields import SettingsSection
from earmark.integrations.products import products, titles
from earmark.settings_store.catalogue import (
    SETTINGS,
    BookDateSettings,
    DownloadClientOptions,
    IndexerChoice,
)
from earmark.settings_store.definitions import SettingDef, field_bounds


def _default(section: type[SettingsSection], name: str) -> Any:
    return section.model_fields[name].default


def setup_choices() -> dict[str, Any]:
    """The wizard's product dropdowns and the indexer priority bounds."""
    low, high = field_bounds(IndexerChoice.model_fields["priority"])
    llm = products("llm")
    return {
        "download_clients": products("download_client"),
        "usenet_clients": products("usenet_client"),
        "llm_providers": llm,
        "base_url_providers": [p.name for p in llm if "base_url" in p.requires],
        "wizard_defaults": {
            "download_client": _default(DownloadClientOptions, "type"),
            "provider": _default(BookDateSettings, "provider") or llm[0].name,
        },
        "priority_bounds": (int(low or 1), int(high or 1)),
    }


def settings_fields(values: dict[str, Any]) -> list[tuple[SettingDef, Any]]:
    """Each setting of a tab with its current (public) value, in catalogue order."""
    return [(SETTINGS[key], value) for key, value in values.items()]


def key_prefixes() -> dict[str, str]:
    """Download (torrent or usenet) client name -> the key prefix of its stored connection (for
    the test button)."""
    clients = (*products("download_client"), *products("usenet_client"))
    return {p.name: p.connection.key_prefix for p in clients}


def choice_labels() -> dict[str, str]:
    """Labels of dropdown values: product titles (the blank choice reads as 'not set')."""
    return {"": "not set", **titles()}
