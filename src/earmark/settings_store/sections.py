"""The setup wizard's and settings pages' request bodies, mapped onto configuration keys.

Field types come from the stored sections (`catalogue.py`), so a body is refused (422, naming
the field) for the same reasons a stored value would be.
"""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from earmark.core.errors import InvalidInput
from earmark.core.setting_fields import MAX_PATH_LENGTH, PathText, SettingsSection, Text, Url
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
    MediaServerKind,
    MediaServerOptions,
    OptionalUsenetClientType,
    PathsSettings,
    PlexSettings,
    UsenetClientOptions,
)
from earmark.settings_store.definitions import definitions_of, keys_of

# The wizard's Plex and Prowlarr steps store into those products' connection settings.
_PLEX = product("media_server", "plex").connection
_PROWLARR = product("indexer", "prowlarr").connection


class PlexSection(BaseModel):
    server_url: Url = Field(min_length=1)
    auth_token: Text = Field(default="", max_length=512)
    library_id: Text = Field(default="", max_length=64)
    scan_after_import: bool = True
    library_path: PathText = Field(default="", max_length=MAX_PATH_LENGTH)


class MediaServerSection(BaseModel):
    """A media server other than Plex, as its settings section's fields by name (the wizard
    renders them from the product's settings model)."""

    kind: MediaServerKind
    values: dict[str, Text] = Field(default_factory=dict, max_length=20)


class ProwlarrSection(BaseModel):
    url: Url = Field(min_length=1)
    api_key: Text = Field(default="", max_length=512)
    categories: list[int] = Field(default_factory=lambda: [AUDIOBOOK_CATEGORY], max_length=50)
    indexers: list[IndexerChoice] = Field(default_factory=list, max_length=500)


class DownloadClientSection(BaseModel):
    """The chosen product, its own connection fields (named as in its settings section, e.g.
    url/username/password or url/api_key; fields of other products are ignored) and Earmark's
    category and path mapping."""

    model_config = ConfigDict(extra="allow")
    type: DownloadClientType = "qbittorrent"
    category: Text = Field(default="earmark", max_length=100)
    remote_path: PathText = Field(default="", max_length=MAX_PATH_LENGTH)
    local_path: PathText = Field(default="", max_length=MAX_PATH_LENGTH)

    @model_validator(mode="after")
    def _connection_fits_the_product(self) -> Self:
        chosen = product("download_client", self.type)
        missing = chosen.missing(self.connection())
        if missing:
            raise ValueError(f"{' and '.join(missing)} required")
        return self

    def connection(self) -> SettingsSection:
        """The chosen product's connection, validated like its stored settings."""
        stored: type[SettingsSection] = product("download_client", self.type).connection
        given = self.model_extra or {}
        return stored.model_validate({n: v for n, v in given.items() if n in stored.model_fields})


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
    # Plex (with its sign-in and machine id) or another media server: exactly one of the two.
    plex: PlexSection | None = None
    media_server: MediaServerSection | None = None
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
        _PLEX.key_of("library_path"): section.library_path,
        PlexSettings.key_of("machine_identifier"): machine_identifier,
    }
    return _without_empty_secret(values, _PLEX.key_of("auth_token"))


def media_server_values(section: MediaServerSection) -> dict[str, object]:
    """The chosen server's settings, validated by its settings model (InvalidInput if they
    do not fit), and the choice itself."""
    connection = product("media_server", section.kind).connection
    try:
        checked = connection.model_validate(section.values)
    except ValidationError as exc:
        raise InvalidInput(str(exc.errors()[0].get("msg", "invalid setting"))) from exc
    values: dict[str, object] = {MediaServerOptions.key_of("kind"): section.kind}
    values |= {connection.key_of(name): value for name, value in checked.model_dump().items()}
    return values


def prowlarr_values(section: ProwlarrSection) -> dict[str, object]:
    values: dict[str, object] = {
        _PROWLARR.key_of("url"): section.url,
        _PROWLARR.key_of("api_key"): section.api_key,
        IndexerChoices.key_of("categories"): section.categories or [AUDIOBOOK_CATEGORY],
        IndexerChoices.key_of("prowlarr_indexers"): [c.model_dump() for c in section.indexers],
    }
    return _without_empty_secret(values, _PROWLARR.key_of("api_key"))


def secret_fields(section: type[SettingsSection]) -> list[str]:
    """Names of the section's secret fields."""
    secret_keys = {d.key for d in definitions_of(section) if d.secret}
    return [name for name, key in keys_of(section).items() if key in secret_keys]


def download_client_values(section: DownloadClientSection) -> dict[str, object]:
    connection = section.connection()
    stored = type(connection)
    values: dict[str, object] = {
        DownloadClientOptions.key_of("type"): section.type,
        **{key: getattr(connection, name) for name, key in keys_of(stored).items()},
        DownloadClientOptions.key_of("category"): section.category
        or DownloadClientOptions.model_fields["category"].default,
        DownloadClientOptions.key_of("remote_path"): section.remote_path,
        DownloadClientOptions.key_of("local_path"): section.local_path,
    }
    for name in secret_fields(stored):
        values = _without_empty_secret(values, stored.key_of(name))
    return values


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
