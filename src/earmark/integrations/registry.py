"""Builds adapters from the stored configuration through the product registry (`products.py`).

Jobs and routes ask for "the download client" or "the indexer"; this module picks the configured
product, reads its stored connection section and calls the product's factory, caching the adapter
until its settings change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import httpx
from pydantic import ValidationError

from earmark.core.errors import ConfigurationMissing, InvalidInput
from earmark.downloads.paths import PathMapping
from earmark.integrations.catalog_sources import CatalogSource
from earmark.integrations.catalog_sources.audible.api import AudibleApi
from earmark.integrations.catalog_sources.audible.client import AudibleCatalog
from earmark.integrations.catalog_sources.audible.settings import AudibleSettings, marketplace
from earmark.integrations.catalog_sources.audnexus.api import AudnexusApi
from earmark.integrations.catalog_sources.audnexus.client import AudnexusClient
from earmark.integrations.catalog_sources.audnexus.settings import AudnexusSettings
from earmark.integrations.catalog_sources.retrying import RetryPolicy
from earmark.integrations.download_clients import DownloadClient
from earmark.integrations.download_clients.protocol import HeldDownloads, UsenetClient
from earmark.integrations.indexers import AUDIOBOOK_CATEGORY, Indexer
from earmark.integrations.indexers.prowlarr.client import ProwlarrClient
from earmark.integrations.llm import LlmClient, LlmConnection
from earmark.integrations.media_servers import (
    MediaServer,
    MediaServerConnection,
    ServerLibrary,
    ServerSignIn,
)
from earmark.integrations.media_servers.plex.client import PlexMediaServer
from earmark.integrations.product import Category, Product
from earmark.integrations.products import product, products, titles
from earmark.settings_store.catalogue import (
    DownloadClientOptions,
    IndexerChoices,
    MediaServerOptions,
    SystemSettings,
    UsenetClientOptions,
)
from earmark.users.server_login import ServerLogin
from earmark.wiring import Services

T = TypeVar("T")

# Interactive lookups keep retries short so a person is not left waiting on a struggling upstream.
INTERACTIVE_RETRY = RetryPolicy(attempts=2, base_delay_seconds=0.5, max_delay_seconds=2.0)
# The nightly refresh has time to spare, so it waits out rate limits and brief outages.
BACKGROUND_RETRY = RetryPolicy(attempts=6, base_delay_seconds=2.0, max_delay_seconds=180.0)


def audible_region(services: Services, chosen: str | None = None) -> str:
    """`chosen` (a search's own region) when given, else the configured `system.audible_region`;
    an unknown code raises InvalidInput naming the known ones."""
    if not chosen:
        return services.config.section(SystemSettings).audible_region
    try:
        return marketplace(chosen).code
    except ValueError as exc:
        raise InvalidInput(str(exc).capitalize() + ".") from exc


def build_catalog_source(
    services: Services, retry: RetryPolicy | None = None, region: str | None = None
) -> CatalogSource:
    """The Audible catalog of `region` (default: the configured one), enriched by Audnexus for the
    same region."""
    audible = AudibleSettings(
        region=audible_region(services, region), api_url=services.settings.audible_api_url
    )
    policy = retry or INTERACTIVE_RETRY
    audnexus = AudnexusSettings(base_url=services.settings.audnexus_url, region=audible.region)
    enricher = AudnexusClient(AudnexusApi(services.http, audnexus, policy))
    return AudibleCatalog(AudibleApi(services.http, audible, policy), enricher)


def build_llm_client(http: httpx.Client, connection: LlmConnection) -> LlmClient:
    """The BookDate model client for `connection`; incomplete settings raise ConfigurationMissing."""
    try:
        provider = product("llm", connection.provider)
    except InvalidInput as exc:
        raise ConfigurationMissing(f"Unknown BookDate provider '{connection.provider}'.") from exc
    missing = provider.missing(connection)
    if missing:
        raise ConfigurationMissing(f"BookDate needs the {provider.title} {' and '.join(missing)}.")
    try:
        return cast(LlmClient, provider.build(http, connection))
    except ValidationError as exc:
        raise ConfigurationMissing(
            f"BookDate cannot use these settings: {_first_error(exc)}."
        ) from exc


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


def _only(category: Category) -> Product[Any, Any]:
    """The category's product while it has one (no setting chooses among them yet)."""
    (single,) = products(category)
    return single


def adapter_for(
    http: httpx.Client, category: Category, name: str, values: Mapping[str, Any]
) -> Any:
    """The adapter of product `name` for connection `values` typed by a person (a connection test).

    Values that do not fit the product's settings raise InvalidInput naming the problem.
    """
    chosen = product(category, name)
    try:
        return chosen.build(http, chosen.connection.model_validate(values))
    except ValidationError as exc:
        raise InvalidInput(_first_error(exc)) from exc


def _configured_adapter(services: Services, category: Category, chosen: Product[Any, Any]) -> Any:
    """The adapter of `chosen` from its stored settings; ConfigurationMissing names what is unset."""
    connection = services.config.section(chosen.connection)
    missing = chosen.missing(connection)
    if missing:
        raise ConfigurationMissing(
            f"The {', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not configured; "
            "set it in Admin → Settings."
        )
    return _cached(
        services,
        category,
        f"{chosen.name}\n{connection.model_dump_json()}",
        lambda: chosen.build(services.http, connection),
    )


def prowlarr_from(http: httpx.Client, url: str, api_key: str) -> ProwlarrClient:
    return cast(
        ProwlarrClient, adapter_for(http, "indexer", "prowlarr", {"url": url, "api_key": api_key})
    )


def build_indexer(services: Services) -> Indexer:
    return cast(Indexer, _configured_adapter(services, "indexer", _only("indexer")))


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


def build_download_client(services: Services) -> DownloadClient:
    """The torrent client (`download_client.type`)."""
    chosen = product("download_client", services.config.section(DownloadClientOptions).type)
    return cast(DownloadClient, _configured_adapter(services, "download_client", chosen))


def usenet_configured(services: Services) -> bool:
    return bool(services.config.section(UsenetClientOptions).type)


def build_usenet_client(services: Services) -> UsenetClient:
    """The usenet client (`usenet_client.type`); ConfigurationMissing when none is chosen."""
    kind = services.config.section(UsenetClientOptions).type
    if not kind:
        raise ConfigurationMissing(
            "No usenet client is configured; choose SABnzbd or NZBGet in Admin → Settings."
        )
    chosen = product("usenet_client", kind)
    return cast(UsenetClient, _configured_adapter(services, "usenet_client", chosen))


def client_for(services: Services, protocol: str | None) -> HeldDownloads:
    """The client that holds downloads of `protocol` (a download row's `protocol`)."""
    if protocol == "usenet":
        return build_usenet_client(services)
    return build_download_client(services)


def path_mapping(services: Services, protocol: str | None = "torrent") -> PathMapping | None:
    """Remote→local mapping of the client that holds downloads of `protocol`."""
    options: DownloadClientOptions | UsenetClientOptions = (
        services.config.section(UsenetClientOptions)
        if protocol == "usenet"
        else services.config.section(DownloadClientOptions)
    )
    remote, local = options.remote_path, options.local_path
    return PathMapping(remote=remote, local=local) if remote and local else None


def plex_server_from(
    http: httpx.Client, url: str, token: str, library_id: str = ""
) -> PlexMediaServer:
    values = {"server_url": url, "auth_token": token, "library_id": library_id}
    return cast(PlexMediaServer, adapter_for(http, "media_server", "plex", values))


def _media_server(services: Services) -> Product[Any, Any]:
    """The media server product chosen by `media_server.kind`; each owns its settings."""
    try:
        return product("media_server", services.config.section(MediaServerOptions).kind)
    except InvalidInput as exc:
        raise ConfigurationMissing(exc.message) from exc


def build_media_server(services: Services) -> MediaServer:
    return cast(MediaServer, _configured_adapter(services, "media_server", _media_server(services)))


def media_library(services: Services) -> ServerLibrary:
    """The audiobook library on the configured media server, for scans and matching."""
    chosen = _media_server(services)
    connection = cast(MediaServerConnection, services.config.section(chosen.connection))
    return connection.server_library()


def media_server_configured(services: Services) -> bool:
    """False also for an unknown kind: imports go on; scans then report the setting."""
    try:
        chosen = _media_server(services)
    except ConfigurationMissing:
        return False
    return not chosen.missing(services.config.section(chosen.connection))


def media_server_login(services: Services) -> ServerLogin | None:
    """The chosen media server as a sign-in source, when it has its own logins and is set up."""
    if not media_server_configured(services):
        return None
    server = build_media_server(services)
    if not isinstance(server, ServerSignIn):
        return None
    options = services.config.section(MediaServerOptions)
    return ServerLogin(options.kind, server, options.server_admins_are_admins)


def media_server_sign_in_choices(services: Services) -> dict[str, Any]:
    """What the sign-in page offers: Plex accounts, the media server's own login (its title)."""
    kind = services.config.section(MediaServerOptions).kind
    login = media_server_login(services)
    return {
        "plex_login": kind == "plex",  # plex.tv accounts (users/plex_login.py)
        "server_login": titles()[login.kind] if login else None,
        "library_name": titles().get(kind, "media server"),
    }


@dataclass(frozen=True)
class ItemLink:
    """Links from Earmark to books on the media server's web app ("Open in Audiobookshelf")."""

    title: str
    url: Callable[[str], str | None]


def media_server_item_link(services: Services) -> ItemLink | None:
    """None while no media server is configured."""
    if not media_server_configured(services):
        return None
    kind = services.config.section(MediaServerOptions).kind
    return ItemLink(titles()[kind], build_media_server(services).item_url)


def _first_error(exc: ValidationError) -> str:
    errors = exc.errors()
    return (
        str(errors[0].get("msg", "invalid setting")).removeprefix("Value error, ")
        if errors
        else "invalid setting"
    )
