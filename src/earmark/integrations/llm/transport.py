"""HTTP calls shared by the LLM adapters: per-call timeouts and provider errors mapped once."""

from __future__ import annotations

import json
from typing import Any

import httpx

from earmark.integrations.errors import (
    AuthFailed,
    NotFoundUpstream,
    RateLimited,
    Unreachable,
)
from earmark.integrations.http import deliver, json_body
from earmark.integrations.llm import RequestRejected

# Generating a whole list of books can take a local model a couple of minutes.
COMPLETION_TIMEOUT = httpx.Timeout(180.0, connect=5.0)
LISTING_TIMEOUT = httpx.Timeout(15.0, connect=5.0)
MAX_DETAIL_CHARS = 300


def upstream_detail(response: httpx.Response) -> str:
    """The provider's own error text ({error: {message}} or {error: "..."}), shortened."""
    try:
        body = response.json()
    except ValueError:
        return response.text[:MAX_DETAIL_CHARS].strip()
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        error = error.get("message")
    text = error if isinstance(error, str) else ""
    return text[:MAX_DETAIL_CHARS].strip()


def _raise_for_status(service: str, response: httpx.Response) -> None:
    status = response.status_code
    if status < 400:
        return
    if status in (401, 403):
        # The body can echo part of the key, so it is never repeated.
        raise AuthFailed(service, f"the API key was refused (HTTP {status}); check the key")
    detail = upstream_detail(response)
    if status == 429:
        retry_after = response.headers.get("retry-after")
        raise RateLimited(
            service,
            f"rate limited or out of quota (HTTP 429): {detail or 'try again later'}",
            float(retry_after) if retry_after and retry_after.isdigit() else None,
        )
    if status >= 500:
        raise Unreachable(service, f"the provider had an error (HTTP {status}); try again later")
    if status == 404:
        raise NotFoundUpstream(
            service, f"not found (HTTP 404): {detail or 'check the base URL and model name'}"
        )
    raise RequestRejected(
        service, f"the request was refused (HTTP {status}): {detail or 'no reason given'}", detail
    )


def call_json(http: httpx.Client, service: str, method: str, url: str, **kwargs: Any) -> Any:
    """Send one request and decode its JSON body; every failure becomes an IntegrationError."""
    response = _send(http, service, method, url, **kwargs)
    return json_body(service, response, "check the base URL points at the provider's API")


def _send(http: httpx.Client, service: str, method: str, url: str, **kwargs: Any) -> httpx.Response:
    response = deliver(http, service, method, url, url_name="base URL", **kwargs)
    _raise_for_status(service, response)
    return response


def decode_answer(text: str) -> Any:
    """The answer as JSON when it parses as is, else the text for a lenient parser."""
    try:
        return json.loads(text)
    except ValueError:
        return text
