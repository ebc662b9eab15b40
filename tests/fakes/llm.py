"""Fake OpenAI chat-completions and Anthropic Messages servers with switchable behaviours.

Contract sources: OpenAI API reference (platform.openai.com/docs/api-reference/chat/create and
/models/list: Bearer auth, `response_format` json_schema|json_object, answer in
choices[0].message.content, errors as {"error": {"message", "type", "code"}}) and its reasoning
guide (platform.openai.com/docs/guides/reasoning: reasoning models take `max_completion_tokens`
and refuse `max_tokens`, take `reasoning_effort`, count reasoning tokens in
usage.completion_tokens_details.reasoning_tokens against the budget, and answer empty content
with finish_reason "length" when the budget runs out before any visible text); Anthropic API
reference (docs.anthropic.com/en/api/messages and /models-list: `x-api-key` and
`anthropic-version` headers, tool_use content blocks, errors as {"type": "error", "error": {...}},
model pages with has_more/last_id and `after_id`). Free of pytest so demos can import it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

DEFAULT_PICKS = [
    {"title": "Project Hail Mary", "author": "Andy Weir", "reason": "Science-driven survival."},
    {"title": "The Martian", "author": "Andy Weir", "reason": "Witty problem solving."},
    {"title": "Dune", "author": "Frank Herbert", "reason": "Epic world-building."},
]


@dataclass
class LlmControls:
    """Knobs tests turn; every request body and its headers are recorded."""

    behaviour: str = "good"
    picks: list[dict[str, str]] = field(default_factory=lambda: list(DEFAULT_PICKS))
    api_key: str = "test-key"
    models: list[str] = field(default_factory=lambda: ["gpt-4o", "text-embedding-3-small"])
    # Like older local servers: refuse json_schema response formats with a 400.
    supports_json_schema: bool = True
    models_page_size: int = 100
    # Like an older proxy that ignores tool_choice: answer a forced tool call with a text block.
    text_under_forced_tool: bool = False
    # Reasoning models think this many tokens before writing; a smaller budget yields nothing.
    reasoning_models: tuple[str, ...] = ("o3-mini", "gpt-5-mini")
    reasoning_tokens: int = 0
    bodies: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)

    def reset(self) -> None:
        fresh = LlmControls()
        for name in vars(fresh):
            setattr(self, name, getattr(fresh, name))

    def answer_text(self) -> str:
        good = json.dumps({"recommendations": self.picks})
        if self.behaviour == "fenced":
            return f"Here are my picks:\n```json\n{good}\n```\nEnjoy!"
        if self.behaviour == "partial":
            # Cut inside the last pick, as a model does when it hits its token limit.
            return good[: good.rfind('"reason"')]
        if self.behaviour == "prose":
            return "I'm sorry, but I can't recommend books right now. Maybe try a library?"
        if self.behaviour == "empty":
            return json.dumps({"recommendations": []})
        return good

    def tool_input(self) -> dict[str, Any]:
        """What a forced tool call carries: Anthropic always answers one with a tool_use block."""
        return {"recommendations": [] if self.behaviour == "empty" else self.picks}


async def _record(
    controls: LlmControls,
    request: Request,
    failure: Callable[[LlmControls, Request], JSONResponse | None],
) -> tuple[dict[str, Any], JSONResponse | None]:
    """Record the request's body and headers, then check the fake's failure switches."""
    body = await request.json()
    controls.bodies.append(body)
    controls.headers.append(dict(request.headers))
    return body, failure(controls, request)


def _openai_error(status: int, message: str, kind: str, code: str | None) -> JSONResponse:
    body = {"error": {"message": message, "type": kind, "param": None, "code": code}}
    return JSONResponse(body, status_code=status)


def _openai_failure(controls: LlmControls, request: Request) -> JSONResponse | None:
    if request.headers.get("authorization") != f"Bearer {controls.api_key}":
        return _openai_error(
            401, "Incorrect API key provided: sk-****. ", "invalid_request_error", "invalid_api_key"
        )
    if controls.behaviour == "401":
        return _openai_error(401, "Incorrect API key provided.", "invalid_request_error", None)
    if controls.behaviour == "429":
        return _openai_error(429, "Rate limit reached for requests", "requests", "rate_limit")
    if controls.behaviour == "500":
        return _openai_error(500, "The server had an error.", "server_error", None)
    return None


def _unsupported(parameter: str, advice: str = "") -> JSONResponse:
    message = f"Unsupported parameter: '{parameter}' is not supported with this model.{advice}"
    body = {
        "error": {
            "message": message,
            "type": "invalid_request_error",
            "param": parameter,
            "code": "unsupported_parameter",
        }
    }
    return JSONResponse(body, status_code=400)


def _reasoning_refusal(controls: LlmControls, body: dict[str, Any]) -> JSONResponse | None:
    """The 400s OpenAI gives when token-limit or effort parameters do not fit the model."""
    reasoning = body.get("model") in controls.reasoning_models
    if reasoning and "max_tokens" in body:
        return _unsupported("max_tokens", " Use 'max_completion_tokens' instead.")
    if not reasoning and "reasoning_effort" in body:
        return _unsupported("reasoning_effort")
    return None


def _completion(controls: LlmControls, body: dict[str, Any]) -> dict[str, Any]:
    text = controls.answer_text()
    finish = "length" if controls.behaviour == "partial" else "stop"
    reasoning = controls.reasoning_tokens if body["model"] in controls.reasoning_models else 0
    budget = body.get("max_completion_tokens") or 100_000
    if reasoning >= budget:  # the whole budget went to reasoning: nothing visible is left
        text, finish, reasoning = "", "length", budget
    written = 0 if not text else 50
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": body["model"],
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text, "refusal": None},
                "logprobs": None,
                "finish_reason": finish,
            }
        ],
        "usage": {
            "prompt_tokens": 100,
            "completion_tokens": reasoning + written,
            "total_tokens": 100 + reasoning + written,
            "completion_tokens_details": {"reasoning_tokens": reasoning},
        },
    }


def build_openai_app(controls: LlmControls) -> FastAPI:
    app = FastAPI(title="fake OpenAI")

    @app.post("/v1/chat/completions")
    async def chat(request: Request) -> JSONResponse:
        body, failure = await _record(controls, request, _openai_failure)
        if failure:
            return failure
        if body.get("model") not in controls.models:
            message = (
                f"The model `{body.get('model')}` does not exist or you do not have access to it."
            )
            return _openai_error(404, message, "invalid_request_error", "model_not_found")
        if refusal := _reasoning_refusal(controls, body):
            return refusal
        fmt = body.get("response_format") or {}
        if fmt.get("type") == "json_schema" and not controls.supports_json_schema:
            message = "response_format json_schema is not supported by this model"
            return _openai_error(400, message, "invalid_request_error", None)
        return JSONResponse(_completion(controls, body))

    @app.get("/v1/models")
    def models(request: Request) -> JSONResponse:
        if failure := _openai_failure(controls, request):
            return failure
        data = [
            {"id": m, "object": "model", "created": 1, "owned_by": "fake"} for m in controls.models
        ]
        return JSONResponse({"object": "list", "data": data})

    return app


def _anthropic_error(status: int, kind: str, message: str) -> JSONResponse:
    body = {"type": "error", "error": {"type": kind, "message": message}}
    return JSONResponse(body, status_code=status)


def _anthropic_failure(controls: LlmControls, request: Request) -> JSONResponse | None:
    if not request.headers.get("anthropic-version"):
        return _anthropic_error(
            400, "invalid_request_error", "anthropic-version: header is required"
        )
    if request.headers.get("x-api-key") != controls.api_key or controls.behaviour == "401":
        return _anthropic_error(401, "authentication_error", "invalid x-api-key")
    if controls.behaviour == "429":
        return _anthropic_error(
            429, "rate_limit_error", "Number of requests has exceeded your rate limit"
        )
    if controls.behaviour == "500":
        return _anthropic_error(500, "api_error", "Internal server error")
    return None


def _message(controls: LlmControls, body: dict[str, Any]) -> dict[str, Any]:
    tool_choice = body.get("tool_choice") or {}
    if tool_choice.get("type") == "tool" and not controls.text_under_forced_tool:
        block: dict[str, Any] = {
            "type": "tool_use",
            "id": "toolu_fake",
            "name": tool_choice["name"],
            "input": controls.tool_input(),
        }
        stop = "tool_use"
    else:
        block = {"type": "text", "text": controls.answer_text()}
        stop = "max_tokens" if controls.behaviour == "partial" else "end_turn"
    return {
        "id": "msg_fake",
        "type": "message",
        "role": "assistant",
        "model": body["model"],
        "content": [block],
        "stop_reason": stop,
        "stop_sequence": None,
        "usage": {"input_tokens": 100, "output_tokens": 50},
    }


def build_anthropic_app(controls: LlmControls) -> FastAPI:
    app = FastAPI(title="fake Anthropic")

    @app.post("/v1/messages")
    async def messages(request: Request) -> JSONResponse:
        body, failure = await _record(controls, request, _anthropic_failure)
        if failure:
            return failure
        if not isinstance(body.get("max_tokens"), int) or not body.get("messages"):
            return _anthropic_error(400, "invalid_request_error", "max_tokens: Field required")
        if body.get("model") not in controls.models:
            return _anthropic_error(404, "not_found_error", f"model: {body.get('model')}")
        return JSONResponse(_message(controls, body))

    @app.get("/v1/models")
    def models(request: Request, limit: int = 20, after_id: str | None = None) -> JSONResponse:
        if failure := _anthropic_failure(controls, request):
            return failure
        names = controls.models
        start = names.index(after_id) + 1 if after_id in names else 0
        page = names[start : start + min(limit, controls.models_page_size)]
        data = [
            {"type": "model", "id": m, "display_name": m, "created_at": "2025-01-01T00:00:00Z"}
            for m in page
        ]
        return JSONResponse(
            {
                "data": data,
                "has_more": start + len(page) < len(names),
                "first_id": page[0] if page else None,
                "last_id": page[-1] if page else None,
            }
        )

    return app
