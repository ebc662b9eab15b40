"""The setup wizard's and settings pages' request bodies, mapped onto configuration keys.

Field types come from the stored sections (`catalogue.py`), so a body is refused (422, naming
the field) for the same reasons a stored value would be.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from earmark.core.setting_fields import MAX_PATH_LENGTH, PathText, Text, Url
from earmark.integrations.indexers import AUDIOBOOK_CATEGORY
from earmark.integrations.products import product
from earmark.settings_store.catalogue import (
    BookDateSettings,
    DownloadClientOptions,
    DownloadClientType,
    ImportSettings,
    IndexerChoice,
    IndexerChoices,
    LlmProvider,
    OptionalUsenetClientType,
    PathsSettings,
    PlexSettings,
    UsenetClientOptions,
)
from earmark.settings_store.definitions import definitions_of

# The wizard's Plex and Prowlarr steps store into those products' connection settings.
_PLEX = product("media_server", "plex").connection
_PROWLARR = product("indexer", "prowlarr").connection


class PlexSection(BaseModel):
    server_url: Url = Field(min_length=1)
    auth_token: Text = Field(default="", max_length=512)
    library_id: Text = Field(default="", max_length=64)
    scan_after_import: bool = True
    library_path: PathText = Field(default="", max_length=MAX_PATH_LENGTH)


class ProwlarrSection(BaseModel):
    url: Url = Field(min_length=1)
    api_key: Text = Field(default="", max_length=512)
    categories: list[int] = Field(default_factory=lambda: [AUDIOBOOK_CATEGORY], max_length=50)
    indexers: list[IndexerChoice] = Field(default_factory=list, max_length=500)


class DownloadClientSection(BaseModel):
    type: DownloadClientType = "qbittorrent"
    url: Url = Field(min_length=1)
    username: Text = Field(default="", max_length=256)
    password: Text = Field(default="", max_length=512)
    category: Text = Field(default="earmark", max_length=100)
    remote_path: PathText = Field(default="", max_length=MAX_PATH_LENGTH)
    local_path: PathText = Field(default="", max_length=MAX_PATH_LENGTH)


class UsenetClientSection(BaseModel):
    """The usenet client beside the torrent client; its product's connection fields are taken
    from the ones given (SABnzbd: url, api_key; NZBGet: url, username, password)."""

    type: OptionalUsenetClientType = ""
    url: Url = ""
    api_key: Text = Field(default="", max_length=256)
    username: Text = Field(default="", max_length=256)
    password: Text = Field(default="", max_length=512)
    category: Text = Field(default="earmark", max_length=100)
    remote_path: PathText = Field(default="", max_length=MAX_PATH_LENGTH)
    local_path: PathText = Field(default="", max_length=MAX_PATH_LENGTH)


class PathsSection(BaseModel):
    downloads: PathText = Field(min_length=1, max_length=MAX_PATH_LENGTH)
    media: PathText = Field(min_length=1, max_length=MAX_PATH_LENGTH)
    template: PathText = Field(default="{author}/{title}", min_length=1, max_length=512)
    metadata_tagging: bool = True


class BookDateSection(BaseModel):
    enabled: bool = True
    provider: LlmProvider = "openai"
    base_url: Url = ""
    model: Text = Field(default="", max_length=200)
    api_key: Text = Field(default="", max_length=512)


class SetupBody(BaseModel):
    plex: PlexSection
    prowlarr: ProwlarrSection
    download_client: DownloadClientSection
    paths: PathsSection
    bookdate: BookDateSection | None = None
    usenet_client: UsenetClientSection | None = None


def _without_empty_secret(values: dict[str, object], secret_key: str) -> dict[str, object]:
    """An empty secret field keeps the stored secret: it is not written."""
    return {key: value for key, value in values.items() if key != secret_key or value}


def plex_values(section: PlexSection, machine_identifier: str) -> dict[str, object]:
    values: dict[str, object] = {
        _PLEX.key_of("server_url"): section.server_url,
        _PLEX.key_of("auth_token"): section.auth_token,
        _PLEX.key_of("library_id"): section.library_id,
        PlexSettings.key_of("scan_after_import"): section.scan_after_import,
        PlexSettings.key_of("library_path"): section.library_path,
        PlexSettings.key_of("machine_identifier"): machine_identifier,
    }
    return _without_empty_secret(values, _PLEX.key_of("auth_token"))


def prowlarr_values(section: ProwlarrSection) -> dict[str, object]:
    values: dict[str, object] = {
        _PROWLARR.key_of("url"): section.url,
        _PROWLARR.key_of("api_key"): section.api_key,
        IndexerChoices.key_of("categories"): section.categories or [AUDIOBOOK_CATEGORY],
        IndexerChoices.key_of("prowlarr_indexers"): [c.model_dump() for c in section.indexers],
    }
    return _without_empty_secret(values, _PROWLARR.key_of("api_key"))


def download_client_values(section: DownloadClientSection) -> dict[str, object]:
    connection = product("download_client", section.type).connection
    values: dict[str, object] = {
        DownloadClientOptions.key_of("type"): section.type,
        connection.key_of("url"): section.url,
        connection.key_of("username"): section.username,
        connection.key_of("password"): section.password,
        DownloadClientOptions.key_of("category"): section.category
        or DownloadClientOptions.model_fields["category"].default,
        DownloadClientOptions.key_of("remote_path"): section.remote_path,
        DownloadClientOptions.key_of("local_path"): section.local_path,
    }
    return _without_empty_secret(values, connection.key_of("password"))


def usenet_connection_values(section: UsenetClientSection) -> dict[str, object]:
    """The chosen usenet product's connection fields from the section (by field name)."""
    connection = product("usenet_client", section.type).connection
    return {name: getattr(section, name) for name in connection.model_fields}


def usenet_client_values(section: UsenetClientSection) -> dict[str, object]:
    """The options, and the chosen product's connection (empty secrets keep the stored ones)."""
    values: dict[str, object] = {UsenetClientOptions.key_of("type"): section.type}
    if not section.type:
        return values
    connection = product("usenet_client", section.type).connection
    secrets = {d.key for d in definitions_of(connection) if d.secret}
    for name, value in usenet_connection_values(section).items():
        key = connection.key_of(name)
        if value or key not in secrets:
            values[key] = value
    values |= {
        UsenetClientOptions.key_of("category"): section.category
        or UsenetClientOptions.model_fields["category"].default,
        UsenetClientOptions.key_of("remote_path"): section.remote_path,
        UsenetClientOptions.key_of("local_path"): section.local_path,
    }
    return values


def paths_values(section: PathsSection) -> dict[str, object]:
    return {
        PathsSettings.key_of("downloads"): section.downloads,
        PathsSettings.key_of("media"): section.media,
        PathsSettings.key_of("template"): section.template,
        ImportSettings.key_of("metadata_tagging"): section.metadata_tagging,
    }


def bookdate_values(section: BookDateSection) -> dict[str, object]:
    values: dict[str, object] = {
        BookDateSettings.key_of("enabled"): section.enabled,
        BookDateSettings.key_of("provider"): section.provider,
        BookDateSettings.key_of("base_url"): section.base_url,
        BookDateSettings.key_of("model"): section.model.strip(),
        BookDateSettings.key_of("api_key"): section.api_key,
    }
    return _without_empty_secret(values, BookDateSettings.key_of("api_key"))
