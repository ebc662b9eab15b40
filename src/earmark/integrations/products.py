"""The product registry: every product Earmark can talk to, one line each.

Adding a product is its folder (adapter, settings.py with its stored connection section, and a
product.py declaring `PRODUCT`) plus one line below; the settings catalogue, validation, setup
wizard, settings forms and factories all read this list.
"""

from __future__ import annotations

from typing import Any

from earmark.core.errors import InvalidInput
from earmark.core.setting_fields import SettingsSection
from earmark.integrations.download_clients.deluge.product import PRODUCT as DELUGE
from earmark.integrations.download_clients.nzbget.product import PRODUCT as NZBGET
from earmark.integrations.download_clients.qbittorrent.product import PRODUCT as QBITTORRENT
from earmark.integrations.download_clients.sabnzbd.product import PRODUCT as SABNZBD
from earmark.integrations.download_clients.transmission.product import PRODUCT as TRANSMISSION
from earmark.integrations.indexers.prowlarr.product import PRODUCT as PROWLARR
from earmark.integrations.llm.anthropic.product import PRODUCT as ANTHROPIC
from earmark.integrations.llm.openai.product import OPENAI, OPENAI_COMPATIBLE
from earmark.integrations.media_servers.audiobookshelf.product import PRODUCT as AUDIOBOOKSHELF
from earmark.integrations.media_servers.plex.product import PRODUCT as PLEX
from earmark.integrations.product import Category, Product

PRODUCTS: tuple[Product[Any, Any], ...] = (
    QBITTORRENT,
    TRANSMISSION,
    DELUGE,
    SABNZBD,
    NZBGET,
    PROWLARR,
    PLEX,
    AUDIOBOOKSHELF,
    OPENAI,
    ANTHROPIC,
    OPENAI_COMPATIBLE,
)


def products(category: Category) -> tuple[Product[Any, Any], ...]:
    return tuple(p for p in PRODUCTS if p.category == category)


def names(category: Category) -> tuple[str, ...]:
    return tuple(p.name for p in products(category))


def titles() -> dict[str, str]:
    """Product name -> title, for dropdown labels."""
    return {p.name: p.title for p in PRODUCTS}


def product(category: Category, name: str) -> Product[Any, Any]:
    """The `category` product called `name`; InvalidInput naming the choices otherwise."""
    for candidate in products(category):
        if candidate.name == name:
            return candidate
    choices = ", ".join(names(category))
    raise InvalidInput(f"Unknown {category.replace('_', ' ')} '{name}'; use one of {choices}.")


def settings_sections(category: Category) -> tuple[type[SettingsSection], ...]:
    """The stored connection sections of a category's products (language models store none)."""
    return tuple(
        p.connection
        for p in products(category)
        if isinstance(p.connection, type) and issubclass(p.connection, SettingsSection)
    )
