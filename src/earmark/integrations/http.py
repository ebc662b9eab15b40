"""Shared HTTP plumbing for adapters: timeouts everywhere, vendor failures mapped once."""

from __future__ import annotations

from typing import Any

import httpx
import orjson

from earmark.integrations.errors import (
    ApiChanged,
    AuthFailed,
    NotFoundUpstream,
    RateLimited,
    Unreachable,
)

DEFAULT_TIMEOUT = httpx.Timeout(15.0, connect=5.0)
USER_AGENT = "Earmark/0.1 (+self-hosted audiobook requests)"


def build_client(timeout: httpx.Timeout = DEFAULT_TIMEOUT) -> httpx.Client:
    return httpx.Client(timeout=timeout, headers={"User-Agent": USER_AGENT}, follow_redirects=False)


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    try:
        return float(value) if value else None
    except ValueError:
        return None


def raise_for_status(service: str, response: httpx.Response) -> None:
    """Map an HTTP error status to our integration errors with an actionable message."""
    status = response.status_code
    if status < 400:
        return
    if status in (401, 403):
        raise AuthFailed(
            service,
            f"the server refused our credentials (HTTP {status}); check the API key, token or password",
        )
    if status == 404:
        raise NotFoundUpstream(service, f"not found (HTTP 404) at {response.request.url.path}")
    if status == 429:
        raise RateLimited(
            service, "rate limited (HTTP 429); will retry later", _retry_after(response)
        )
    if status >= 500:
        raise Unreachable(service, f"the server had an error (HTTP {status}); will retry later")
    raise ApiChanged(
        service, f"unexpected answer HTTP {status}; check the URL points at the right service"
    )


def deliver(
    client: httpx.Client,
    service: str,
    method: str,
    url: str,
    *,
    url_name: str = "URL",
    **kwargs: Any,
) -> httpx.Response:
    """Send one request, mapping what went wrong before any answer (the status is the caller's)."""
    try:
        return client.request(method, url, **kwargs)
    except httpx.TimeoutException as exc:
        raise Unreachable(
            service, f"timed out talking to {_host(url)}; is it running and reachable?"
        ) from exc
    except httpx.HTTPError as exc:
        raise Unreachable(
            service,
            f"cannot connect to {_host(url)} ({type(exc).__name__}); check the {url_name}",
        ) from exc
    except httpx.InvalidURL as exc:
        raise Unreachable(service, f"the {url_name} is not valid; check it") from exc
    except UnicodeEncodeError as exc:
        # HTTP headers carry ASCII only: a pasted key or token with other characters is wrong.
        raise AuthFailed(
            service, "the API key or token contains characters that cannot be sent; check it"
        ) from exc


def send(
    client: httpx.Client, service: str, method: str, url: str, **kwargs: Any
) -> httpx.Response:
    """Send one request; network failures become `Unreachable`, HTTP errors are mapped."""
    response = deliver(client, service, method, url, **kwargs)
    raise_for_status(service, response)
    return response


def send_json(client: httpx.Client, service: str, method: str, url: str, **kwargs: Any) -> Any:
    return json_body(service, send(client, service, method, url, **kwargs))


def json_body(
    service: str, response: httpx.Response, hint: str = "check the URL points at the right service"
) -> Any:
    """The decoded JSON body; `ApiChanged` with `hint` when it is not JSON.

    orjson decodes a 5,000-item Plex page several times faster than the standard library.
    """
    try:
        return orjson.loads(response.content)
    except orjson.JSONDecodeError as exc:
        raise ApiChanged(service, f"the answer was not JSON; {hint}") from exc


def _host(url: str) -> str:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        return "the server"
    return f"{parsed.host}:{parsed.port}" if parsed.port else str(parsed.host)
