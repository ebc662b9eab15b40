"""The only module that imports product adapters; builds them from the stored configuration."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar, cast

import httpx
from pydantic import SecretStr, ValidationError

from earmark.core.errors import ConfigurationMissing, InvalidInput
from earmark.downloads.paths import PathMapping
from earmark.integrations.catalog_sources import CatalogSource
from earmark.integrations.catalog_sources.audible.api import AudibleApi
from earmark.integrations.catalog_sources.audible.client import AudibleCatalog
from earmark.integrations.catalog_sources.audible.settings import AudibleSettings
from earmark.integrations.catalog_sources.audnexus.api import AudnexusApi
from earmark.integrations.catalog_sources.audnexus.client import AudnexusClient
from earmark.integrations.catalog_sources.audnexus.settings import AudnexusSettings
from earmark.integrations.catalog_sources.retrying import RetryPolicy
from earmark.integrations.download_clients import DownloadClient
from earmark.integrations.download_clients.qbittorrent.client import QbittorrentClient
from earmark.integrations.download_clients.qbittorrent.settings import QbittorrentSettings
from earmark.integrations.download_clients.transmission.client import TransmissionClient
from earmark.integrations.download_clients.transmission.settings import TransmissionSettings
from earmark.integrations.indexers import AUDIOBOOK_CATEGORY, Indexer
from earmark.integrations.indexers.prowlarr.client import ProwlarrClient
from earmark.integrations.indexers.prowlarr.settings import ProwlarrSettings
from earmark.integrations.llm import LlmClient, LlmConnection
from earmark.integrations.llm.anthropic.api import AnthropicApi
from earmark.integrations.llm.anthropic.client import AnthropicClient
from earmark.integrations.llm.anthropic.settings import AnthropicSettings
from earmark.integrations.llm.openai.api import OpenAiApi
from earmark.integrations.llm.openai.client import OpenAiClient
from earmark.integrations.llm.openai.settings import OPENAI_BASE_URL, OpenAiSettings
from earmark.integrations.media_servers import MediaServer
from earmark.integrations.media_servers.plex.client import PlexMediaServer
from earmark.integrations.media_servers.plex.settings import PlexServerSettings
from earmark.settings_store.catalogue import (
    DownloadClientOptions,
    IndexerChoices,
    PlexSettings,
    ProwlarrConnection,
    QbittorrentConnection,
    SettingsSection,
    SystemSettings,
    TransmissionConnection,
)
from earmark.wiring import Services

T = TypeVar("T")

# Interactive lookups keep retries short so a person is not left waiting on a struggling upstream.
INTERACTIVE_RETRY = RetryPolicy(attempts=2, base_delay_seconds=0.5, max_delay_seconds=2.0)
# The nightly refresh has time to spare, so it waits out rate limits and brief outages.
BACKGROUND_RETRY = RetryPolicy(attempts=6, base_delay_seconds=2.0, max_delay_seconds=180.0)


def build_catalog_source(services: Services, retry: RetryPolicy | None = None) -> CatalogSource:
    """The Audible catalog for the configured region, with Audnexus enrichment."""
    region = services.config.section(SystemSettings).audible_region
    audible = AudibleSettings(region=region, api_url=services.settings.audible_api_url)
    policy = retry or INTERACTIVE_RETRY
    audnexus = AudnexusSettings(base_url=services.settings.audnexus_url, region=audible.region)
    enricher = AudnexusClient(AudnexusApi(services.http, audnexus, policy))
    return AudibleCatalog(AudibleApi(services.http, audible, policy), enricher)


def build_llm_client(http: httpx.Client, connection: LlmConnection) -> LlmClient:
    """The BookDate model client for `connection`; incomplete settings raise ConfigurationMissing."""
    key = SecretStr(connection.api_key) if connection.api_key else None
    try:
        if connection.provider == "anthropic":
            if key is None:
                raise ConfigurationMissing("BookDate needs an Anthropic API key.")
            anthropic = AnthropicSettings(
                api_key=key, model=connection.model, base_url=connection.base_url
            )
            return AnthropicClient(AnthropicApi(http, anthropic))
        compatible = connection.provider == "openai_compatible"
        if connection.provider not in ("openai", "openai_compatible"):
            raise ConfigurationMissing(f"Unknown BookDate provider '{connection.provider}'.")
        if not compatible and key is None:
            raise ConfigurationMissing("BookDate needs an OpenAI API key.")
        base_url = connection.base_url or ("" if compatible else OPENAI_BASE_URL)
        openai = OpenAiSettings(
            base_url=base_url, api_key=key, model=connection.model, compatible=compatible
        )
    except ValidationError as exc:
        raise ConfigurationMissing(
            "The BookDate base URL must start with http:// or https://."
        ) from exc
    return OpenAiClient(OpenAiApi(http, openai))


def _cached(services: Services, kind: str, fingerprint: str, build: Callable[[], T]) -> T:
    key = (kind, hashlib.sha256(fingerprint.encode()).hexdigest())
    cached = services.adapter_cache.get(key)
    if cached is None:
        stale = [k for k in services.adapter_cache if k[0] == kind]
        for old in stale:
            services.adapter_cache.pop(old, None)
        cached = build()
        services.adapter_cache[key] = cached
    return cast(T, cached)


def _require(section: SettingsSection, *fields: str) -> None:
    """ConfigurationMissing naming every one of `fields` that is still empty in `section`."""
    missing = [
        f"The {type(section).model_fields[name].title}"
        for name in fields
        if not getattr(section, name)
    ]
    if missing:
        raise ConfigurationMissing(
            f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not configured; "
            "set it in Admin → Settings."
        )


def prowlarr_from(http: httpx.Client, url: str, api_key: str) -> ProwlarrClient:
    try:
        settings = ProwlarrSettings(url=url, api_key=SecretStr(api_key))
    except ValidationError as exc:
        raise InvalidInput(_first_error(exc)) from exc
    return ProwlarrClient.from_settings(http, settings)


def build_indexer(services: Services) -> Indexer:
    prowlarr = services.config.section(ProwlarrConnection)
    _require(prowlarr, "url", "api_key")
    url, key = prowlarr.url, prowlarr.api_key
    return _cached(
        services, "indexer", f"{url}\n{key}", lambda: prowlarr_from(services.http, url, key)
    )


def indexer_selection(services: Services) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(categories, indexer ids) to search: the admin's choices from the settings."""
    choices = services.config.section(IndexerChoices)
    categories = tuple(choices.categories) or (AUDIOBOOK_CATEGORY,)
    ids = choices.ids()
    if not ids:
        raise ConfigurationMissing(
            "No indexer is selected; choose indexers in Admin → Settings → Indexer."
        )
    return categories, ids


def download_client_from(
    http: httpx.Client, kind: str, url: str, username: str, password: str
) -> DownloadClient:
    if not url.lower().startswith(("http://", "https://")):
        raise InvalidInput("The download client URL must start with http:// or https://")
    if kind == "qbittorrent":
        return QbittorrentClient(
            QbittorrentSettings(url=url, username=username, password=SecretStr(password)), http
        )
    if kind == "transmission":
        return TransmissionClient(
            TransmissionSettings(url=url, username=username, password=SecretStr(password)), http
        )
    raise InvalidInput(f"Unknown download client type '{kind}'; use qbittorrent or transmission.")


def build_download_client(services: Services) -> DownloadClient:
    kind = services.config.section(DownloadClientOptions).type
    connection: QbittorrentConnection | TransmissionConnection = (
        services.config.section(QbittorrentConnection)
        if kind == "qbittorrent"
        else services.config.section(TransmissionConnection)
    )
    _require(connection, "url")
    url, user, password = connection.url, connection.username, connection.password
    return _cached(
        services,
        "download_client",
        f"{kind}\n{url}\n{user}\n{password}",
        lambda: download_client_from(services.http, kind, url, user, password),
    )


def path_mapping(services: Services) -> PathMapping | None:
    options = services.config.section(DownloadClientOptions)
    remote, local = options.remote_path, options.local_path
    return PathMapping(remote=remote, local=local) if remote and local else None


def plex_server_from(
    http: httpx.Client, url: str, token: str, library_id: str = ""
) -> PlexMediaServer:
    try:
        settings = PlexServerSettings(url=url, token=SecretStr(token), library_id=library_id)
    except ValidationError as exc:
        raise InvalidInput(_first_error(exc)) from exc
    return PlexMediaServer.from_settings(http, settings)


def build_media_server(services: Services) -> MediaServer:
    plex = services.config.section(PlexSettings)
    _require(plex, "server_url", "auth_token")
    url, token, library = plex.server_url, plex.auth_token, plex.library_id
    return _cached(
        services,
        "media_server",
        f"{url}\n{token}\n{library}",
        lambda: plex_server_from(services.http, url, token, library),
    )


def media_server_configured(services: Services) -> bool:
    plex = services.config.section(PlexSettings)
    return bool(plex.server_url and plex.auth_token)


def _first_error(exc: ValidationError) -> str:
    errors = exc.errors()
    return (
        str(errors[0].get("msg", "invalid setting")).removeprefix("Value error, ")
        if errors
        else "invalid setting"
    )
