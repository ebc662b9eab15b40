"""OpenAI and OpenAI-compatible servers as products: how each adapter is built."""

from __future__ import annotations

import httpx
from pydantic import SecretStr

from earmark.integrations.llm import LlmConnection
from earmark.integrations.llm.openai.api import OpenAiApi
from earmark.integrations.llm.openai.client import OpenAiClient
from earmark.integrations.llm.openai.settings import OPENAI_BASE_URL, OpenAiSettings
from earmark.integrations.product import Product


def _client(connection: LlmConnection, http: httpx.Client, *, compatible: bool) -> OpenAiClient:
    key = SecretStr(connection.api_key) if connection.api_key else None
    base_url = connection.base_url or ("" if compatible else OPENAI_BASE_URL)
    settings = OpenAiSettings(
        base_url=base_url, api_key=key, model=connection.model, compatible=compatible
    )
    return OpenAiClient(OpenAiApi(http, settings))


def _openai(http: httpx.Client, connection: LlmConnection) -> OpenAiClient:
    return _client(connection, http, compatible=False)


def _compatible(http: httpx.Client, connection: LlmConnection) -> OpenAiClient:
    return _client(connection, http, compatible=True)


OPENAI = Product(
    category="llm",
    name="openai",
    title="OpenAI",
    connection=LlmConnection,
    build=_openai,
    requires=("api_key",),
)
OPENAI_COMPATIBLE = Product(
    category="llm",
    name="openai_compatible",
    title="OpenAI-compatible (local)",
    connection=LlmConnection,
    build=_compatible,
    requires=("base_url",),
)
