"""Reading catalog vendors' JSON: fetch one object with retries, and pick out loose fields."""

from __future__ import annotations

from typing import Any

import httpx

from earmark.integrations.catalog_sources.retrying import RetryPolicy, with_retries
from earmark.integrations.errors import ApiChanged
from earmark.integrations.http import send_json


def get_json_object(
    http: httpx.Client,
    service: str,
    url: str,
    *,
    params: dict[str, Any],
    headers: dict[str, str],
    timeout: float,
    retry: RetryPolicy,
    url_setting: str,
) -> dict[str, Any]:
    """GET `url` with retries; an answer that is not a JSON object names the URL to check."""

    def call() -> Any:
        return send_json(http, service, "GET", url, params=params, headers=headers, timeout=timeout)

    body = with_retries(retry, call)
    if not isinstance(body, dict):
        raise ApiChanged(service, f"expected a JSON object; check the {url_setting}")
    return body


def clean_text(value: Any) -> str | None:
    """A stripped string, or None for blanks and anything that is not a string."""
    return value.strip() or None if isinstance(value, str) else None


def person_names(people: Any) -> tuple[str, ...]:
    """The non-blank `name`s of a list of person objects; anything else gives no names."""
    if not isinstance(people, list):
        return ()
    return tuple(
        name for p in people if isinstance(p, dict) and (name := clean_text(p.get("name")))
    )
