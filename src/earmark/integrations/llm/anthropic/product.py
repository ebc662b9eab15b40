"""Anthropic as a product: how its adapter is built."""

from __future__ import annotations

import httpx
from pydantic import SecretStr

from earmark.integrations.llm import LlmConnection
from earmark.integrations.llm.anthropic.api import AnthropicApi
from earmark.integrations.llm.anthropic.client import AnthropicClient
from earmark.integrations.llm.anthropic.settings import AnthropicSettings
from earmark.integrations.product import Product


def _build(http: httpx.Client, connection: LlmConnection) -> AnthropicClient:
    settings = AnthropicSettings(
        api_key=SecretStr(connection.api_key),
        model=connection.model,
        base_url=connection.base_url,
    )
    return AnthropicClient(AnthropicApi(http, settings))


PRODUCT = Product(
    category="llm",
    name="anthropic",
    title="Anthropic",
    connection=LlmConnection,
    build=_build,
    requires=("api_key",),
)
