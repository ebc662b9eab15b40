"""The LlmClient for OpenAI and OpenAI-compatible servers."""

from __future__ import annotations

from typing import Any

from earmark.integrations.errors import ApiChanged
from earmark.integrations.llm import RequestRejected
from earmark.integrations.llm.openai.api import OpenAiApi
from earmark.integrations.llm.reporting import listing_report
from earmark.integrations.llm.transport import decode_answer
from earmark.integrations.reports import ConnectionReport

# Model families in OpenAI's list that cannot chat (embeddings, speech, images, moderation).
NON_CHAT_MARKERS = (
    "embedding",
    "whisper",
    "tts",
    "dall-e",
    "moderation",
    "davinci",
    "babbage",
    "image",
    "transcribe",
    "realtime",
    "audio",
    "search",
)
FORMAT_WORDS = ("response_format", "json_schema", "json_object")
JSON_ONLY = "\n\nReturn only JSON, with no other text."


def _formats(schema: dict[str, Any]) -> list[dict[str, Any] | None]:
    """Strict schema first, then plain JSON mode, then none for servers that know neither."""
    strict = {"name": "answer", "strict": True, "schema": schema}
    return [{"type": "json_schema", "json_schema": strict}, {"type": "json_object"}, None]


def _content(service: str, answer: dict[str, Any]) -> str:
    try:
        message = answer["choices"][0]["message"]
        finish = answer["choices"][0].get("finish_reason")
    except (KeyError, IndexError, TypeError) as exc:
        raise ApiChanged(service, "the answer had no choices[0].message") from exc
    content = message.get("content") if isinstance(message, dict) else None
    if isinstance(content, str) and content.strip():
        return content
    refusal = message.get("refusal") if isinstance(message, dict) else None
    if isinstance(refusal, str) and refusal:
        raise ApiChanged(service, f"the model refused to answer: {refusal[:200]}")
    if finish == "length":
        raise ApiChanged(service, "the answer was cut off before any text; raise the token limit")
    raise ApiChanged(service, "the model returned an empty answer")


class OpenAiClient:
    def __init__(self, api: OpenAiApi) -> None:
        self._api = api
        self._settings = api.settings

    def complete_json(self, system: str, user: str, schema: dict[str, Any], max_tokens: int) -> Any:
        *fallbacks, last = _formats(schema)
        for response_format in fallbacks:
            try:
                return self._ask(system, user, response_format, max_tokens)
            except RequestRejected as exc:
                if not any(w in exc.upstream_detail.lower() for w in FORMAT_WORDS):
                    raise
        return self._ask(system, user, last, max_tokens)

    def _ask(
        self, system: str, user: str, response_format: dict[str, Any] | None, max_tokens: int
    ) -> Any:
        body = self._body(system, user, response_format, max_tokens)
        answer = self._api.chat_completion(body)
        return decode_answer(_content(self._settings.service, answer))

    def _body(
        self, system: str, user: str, response_format: dict[str, Any] | None, max_tokens: int
    ) -> dict[str, Any]:
        limit_name = "max_tokens" if self._settings.compatible else "max_completion_tokens"
        body: dict[str, Any] = {
            "model": self._settings.model,
            "messages": [
                {"role": "system", "content": system},
                {"role": "user", "content": user if response_format else user + JSON_ONLY},
            ],
            limit_name: max_tokens,
        }
        if response_format is not None:
            body["response_format"] = response_format
        return body

    def list_models(self) -> list[str]:
        listing = self._api.models()
        entries = listing.get("data") if isinstance(listing, dict) else listing
        if not isinstance(entries, list):
            if self._settings.compatible:
                return []
            raise ApiChanged(self._settings.service, "the model list had no 'data' array")
        ids = {e.get("id") if isinstance(e, dict) else e for e in entries}
        names = sorted(i for i in ids if isinstance(i, str) and i)
        if self._settings.compatible:
            return names
        return [n for n in names if not any(m in n.lower() for m in NON_CHAT_MARKERS)]

    def test(self) -> ConnectionReport:
        return listing_report(self._settings.service, self._settings.model, self.list_models)
