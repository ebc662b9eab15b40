"""The LlmClient for Anthropic: structured answers through a forced tool call."""

from __future__ import annotations

from typing import Any

from earmark.integrations.errors import ApiChanged
from earmark.integrations.llm.anthropic.api import AnthropicApi
from earmark.integrations.llm.anthropic.settings import SERVICE
from earmark.integrations.llm.reporting import listing_report
from earmark.integrations.llm.transport import decode_answer
from earmark.integrations.reports import ConnectionReport

TOOL_NAME = "submit_answer"
MAX_MODEL_PAGES = 5


def _answer(body: dict[str, Any]) -> Any:
    """The forced tool call's input; a text answer (older proxies) is handed back to parse."""
    blocks = body.get("content")
    if not isinstance(blocks, list):
        raise ApiChanged(SERVICE, "the answer had no content blocks")
    for block in blocks:
        if isinstance(block, dict) and block.get("type") == "tool_use":
            return block.get("input")
    texts = [b["text"] for b in blocks if isinstance(b, dict) and isinstance(b.get("text"), str)]
    if not "".join(texts).strip():
        raise ApiChanged(SERVICE, "the model returned an empty answer")
    return decode_answer("".join(texts))


class AnthropicClient:
    def __init__(self, api: AnthropicApi) -> None:
        self._api = api
        self._settings = api.settings

    def complete_json(self, system: str, user: str, schema: dict[str, Any], max_tokens: int) -> Any:
        body = {
            "model": self._settings.model,
            "max_tokens": max_tokens,
            "system": system,
            "messages": [{"role": "user", "content": user}],
            "tools": [
                {
                    "name": TOOL_NAME,
                    "description": "Submit the answer in the required structure.",
                    "input_schema": schema,
                }
            ],
            "tool_choice": {"type": "tool", "name": TOOL_NAME},
        }
        return _answer(self._api.messages(body))

    def list_models(self) -> list[str]:
        names: list[str] = []
        after_id: str | None = None
        for _ in range(MAX_MODEL_PAGES):
            page = self._api.models_page(after_id)
            entries = page.get("data")
            if not isinstance(entries, list):
                raise ApiChanged(SERVICE, "the model list had no 'data' array")
            names += [
                e["id"] for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)
            ]
            after_id = page.get("last_id") if page.get("has_more") else None
            if not isinstance(after_id, str):
                break
        return sorted(set(names))

    def test(self) -> ConnectionReport:
        return listing_report(SERVICE, self._settings.model, self.list_models)
