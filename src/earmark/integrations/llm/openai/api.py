"""OpenAI HTTP endpoints: chat completions and the model list (one method per endpoint)."""

from __future__ import annotations

from typing import Any

import httpx

from earmark.integrations.errors import ApiChanged
from earmark.integrations.llm.openai.settings import OpenAiSettings
from earmark.integrations.llm.transport import COMPLETION_TIMEOUT, LISTING_TIMEOUT, call_json


class OpenAiApi:
    def __init__(self, http: httpx.Client, settings: OpenAiSettings) -> None:
        self._http = http
        self.settings = settings

    def chat_completion(self, body: dict[str, Any]) -> dict[str, Any]:
        answer = call_json(
            self._http,
            self.settings.service,
            "POST",
            f"{self.settings.base_url}/chat/completions",
            json=body,
            headers=self.settings.headers(),
            timeout=COMPLETION_TIMEOUT,
        )
        if not isinstance(answer, dict):
            raise ApiChanged(self.settings.service, "the chat completion answer was not an object")
        return answer

    def models(self) -> Any:
        return call_json(
            self._http,
            self.settings.service,
            "GET",
            f"{self.settings.base_url}/models",
            headers=self.settings.headers(),
            timeout=LISTING_TIMEOUT,
        )
