"""The only module that imports product adapters; builds them from the stored configuration."""

from __future__ import annotations

import httpx
from pydantic import SecretStr, ValidationError

from earmark.core.errors import ConfigurationMissing
from earmark.integrations.catalog_sources import CatalogSource
from earmark.integrations.catalog_sources.audible.api import AudibleApi
from earmark.integrations.catalog_sources.audible.client import AudibleCatalog
from earmark.integrations.catalog_sources.audible.settings import AudibleSettings
from earmark.integrations.catalog_sources.audnexus.api import AudnexusApi
from earmark.integrations.catalog_sources.audnexus.client import AudnexusClient
from earmark.integrations.catalog_sources.audnexus.settings import AudnexusSettings
from earmark.integrations.catalog_sources.retrying import RetryPolicy
from earmark.integrations.llm import LlmClient, LlmConnection
from earmark.integrations.llm.anthropic.api import AnthropicApi
from earmark.integrations.llm.anthropic.client import AnthropicClient
from earmark.integrations.llm.anthropic.settings import AnthropicSettings
from earmark.integrations.llm.openai.api import OpenAiApi
from earmark.integrations.llm.openai.client import OpenAiClient
from earmark.integrations.llm.openai.settings import OPENAI_BASE_URL, OpenAiSettings
from earmark.wiring import Services

# Interactive lookups keep retries short so a person is not left waiting on a struggling upstream.
INTERACTIVE_RETRY = RetryPolicy(attempts=2, base_delay_seconds=0.5, max_delay_seconds=2.0)
# The nightly refresh has time to spare, so it waits out rate limits and brief outages.
BACKGROUND_RETRY = RetryPolicy(attempts=6, base_delay_seconds=2.0, max_delay_seconds=180.0)


def build_catalog_source(services: Services, retry: RetryPolicy | None = None) -> CatalogSource:
    """The Audible catalog for the configured region, with Audnexus enrichment."""
    region = services.config.get_str("system.audible_region") or "us"
    try:
        audible = AudibleSettings(region=region, api_url=services.settings.audible_api_url)
    except ValidationError as exc:
        raise ConfigurationMissing(
            f"The Audible region '{region}' is not supported; pick another in the settings."
        ) from exc
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
