"""Requests that cannot even be built (bad URL, non-ASCII key) become integration errors, not 500s."""

from __future__ import annotations

import httpx
import pytest

from earmark.demo.fakes.server import free_port
from earmark.integrations.errors import AuthFailed, Unreachable
from earmark.integrations.http import send


def test_send_non_ascii_token_header_is_auth_failed() -> None:
    with httpx.Client(timeout=2.0) as client, pytest.raises(AuthFailed) as raised:
        send(
            client,
            "Prowlarr",
            "GET",
            f"http://127.0.0.1:{free_port()}/api/v1/system/status",
            headers={"X-Api-Key": "cl\u00e9-with-accent"},
        )
    assert "API key or token" in raised.value.message


def test_send_malformed_url_is_unreachable_with_message() -> None:
    with httpx.Client(timeout=2.0) as client, pytest.raises(Unreachable) as raised:
        send(client, "Plex", "GET", "http://[::1/identity")
    assert "URL" in raised.value.message
