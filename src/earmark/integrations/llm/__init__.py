"""The LLM protocol: structured completions, model listing and a connection test."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from earmark.integrations.errors import ApiChanged, IntegrationError
from earmark.integrations.reports import ConnectionReport


@dataclass(frozen=True)
class LlmConnection:
    """Everything needed to reach one model; the key is kept out of reprs and logs."""

    provider: str
    model: str
    base_url: str = field(default="", metadata={"title": "base URL"})
    api_key: str = field(default="", repr=False, metadata={"title": "API key"})


class RequestRejected(ApiChanged):
    """The provider refused the request itself (HTTP 400/422; 404 is NotFoundUpstream)."""

    code = "RequestRejected"

    def __init__(self, service: str, message: str, upstream_detail: str) -> None:
        super().__init__(service, message)
        self.upstream_detail = upstream_detail


class NoAnswer(IntegrationError):
    """The model produced no answer text even with a larger budget (a person must choose)."""

    code = "NoAnswer"


class LlmClient(Protocol):
    def complete_json(self, system: str, user: str, schema: dict[str, Any], max_tokens: int) -> Any:
        """Ask for an answer shaped by `schema`.

        Returns the decoded JSON value when the answer parses, otherwise the answer text, so the
        caller can salvage fenced or truncated answers with its own lenient parser.
        """
        ...

    def list_models(self) -> list[str]:
        """Model ids the provider offers to this key, sorted; may be empty for local servers."""
        ...

    def test(self) -> ConnectionReport: ...
