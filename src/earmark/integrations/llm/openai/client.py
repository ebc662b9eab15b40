"""The LlmClient for OpenAI and OpenAI-compatible servers."""

from __future__ import annotations

import re
from typing import Any

from earmark.integrations.errors import ApiChanged
from earmark.integrations.llm import NoAnswer, RequestRejected
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
# Reasoning models (o1, o3, o4-mini, the gpt-5 family except its chat variants) count hidden
# reasoning tokens against max_completion_tokens and may spend all of it there, answering empty
# content with finish_reason "length". They get a low effort and room to think; an empty answer
# is asked once more with a budget RETRY_BUDGET_FACTOR times larger.
_REASONING_MODEL = re.compile(r"^(o\d|gpt-5(?!.*chat))")
REASONING_EFFORT = "low"
REASONING_HEADROOM_TOKENS = 8_000
RETRY_BUDGET_FACTOR = 4


def is_reasoning_model(model: str) -> bool:
    return _REASONING_MODEL.match(model.strip().lower().rsplit("/", 1)[-1]) is not None


def _formats(schema: dict[str, Any]) -> list[dict[str, Any] | None]:
    """Strict schema first, then plain JSON mode, then none for servers that know neither."""
    strict = {"name": "answer", "strict": True, "schema": schema}
    return [{"type": "json_schema", "json_schema": strict}, {"type": "json_object"}, None]


def _first_choice(service: str, answer: dict[str, Any]) -> tuple[Any, Any]:
    try:
        return answer["choices"][0]["message"], answer["choices"][0].get("finish_reason")
    except (KeyError, IndexError, TypeError, AttributeError) as exc:
        raise ApiChanged(service, "the answer had no choices[0].message") from exc


def _budget_spent_before_text(service: str, answer: dict[str, Any]) -> bool:
    """Empty content cut off by the token limit: the budget went to reasoning (or was tiny)."""
    message, finish = _first_choice(service, answer)
    content = message.get("content") if isinstance(message, dict) else None
    return finish == "length" and not (isinstance(content, str) and content.strip())


def _content(service: str, answer: dict[str, Any]) -> str:
    message = _first_choice(service, answer)[0]
    content = message.get("content") if isinstance(message, dict) else None
    if isinstance(content, str) and content.strip():
        return content
    refusal = message.get("refusal") if isinstance(message, dict) else None
    if isinstance(refusal, str) and refusal:
        raise ApiChanged(service, f"the model refused to answer: {refusal[:200]}")
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
        service = self._settings.service
        budget = max_tokens + (REASONING_HEADROOM_TOKENS if self._reasoning else 0)
        answer = self._api.chat_completion(self._body(system, user, response_format, budget))
        if _budget_spent_before_text(service, answer):
            larger = budget * RETRY_BUDGET_FACTOR
            answer = self._api.chat_completion(self._body(system, user, response_format, larger))
            if _budget_spent_before_text(service, answer):
                raise NoAnswer(
                    service,
                    f"the model {self._settings.model} used its whole token budget ({budget}, "
                    f"then {larger} tokens) without writing an answer, probably on reasoning; "
                    "choose a non-reasoning model in the BookDate settings",
                )
        return decode_answer(_content(service, answer))

    @property
    def _reasoning(self) -> bool:
        return not self._settings.compatible and is_reasoning_model(self._settings.model)

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
        if self._reasoning:
            body["reasoning_effort"] = REASONING_EFFORT
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
