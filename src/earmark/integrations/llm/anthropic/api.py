"""Anthropic HTTP endpoints: messages and the paginated model list."""

from __future__ import annotations

from typing import Any

import httpx

from earmark.integrations.errors import ApiChanged
from earmark.integrations.llm.anthropic.settings import SERVICE, AnthropicSettings
from earmark.integrations.llm.transport import COMPLETION_TIMEOUT, LISTING_TIMEOUT, call_json


class AnthropicApi:
    def __init__(self, http: httpx.Client, settings: AnthropicSettings) -> None:
        self._http = http
        self.settings = settings

    def messages(self, body: dict[str, Any]) -> dict[str, Any]:
        return self._object(
            call_json(
                self._http,
                SERVICE,
                "POST",
                f"{self.settings.base_url}/v1/messages",
                json=body,
                headers=self.settings.headers(),
                timeout=COMPLETION_TIMEOUT,
            )
        )

    def models_page(self, after_id: str | None) -> dict[str, Any]:
        params: dict[str, str | int] = {"limit": 1000}
        if after_id:
            params["after_id"] = after_id
        return self._object(
            call_json(
                self._http,
                SERVICE,
                "GET",
                f"{self.settings.base_url}/v1/models",
                params=params,
                headers=self.settings.headers(),
                timeout=LISTING_TIMEOUT,
            )
        )

    @staticmethod
    def _object(answer: Any) -> dict[str, Any]:
        if not isinstance(answer, dict):
            raise ApiChanged(SERVICE, "the answer was not a JSON object")
        return answer
