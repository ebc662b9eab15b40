"""Proxy headers are believed from EARMARK_TRUSTED_PROXIES only, and then as a proxy appends them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from earmark.app import create_app
from earmark.settings import BootSettings
from earmark.wiring import Services
from tests.api.auth.conftest import ADMIN_PASSWORD

PROXY = "10.0.0.2"
REAL_CLIENT = "203.0.113.9"


@pytest.fixture
def proxied(boot_settings: BootSettings, services: Services) -> Iterator[TestClient]:
    settings = boot_settings.model_copy(update={"trusted_proxies": [PROXY]})
    with TestClient(create_app(settings, services), client=(PROXY, 40000)) as client:
        yield client


def _bad_login(client: TestClient, forwarded_for: str, proto: str = "http") -> int:
    response = client.post(
        "/api/auth/local/login",
        json={"username": "admin", "password": "wrong password"},
        headers={"X-Forwarded-For": forwarded_for, "X-Forwarded-Proto": proto},
    )
    return response.status_code


def test_forged_first_forwarded_entry_does_not_escape_the_limit(
    proxied: TestClient, setup_admin: object
) -> None:
    # The proxy appends the address it saw; whatever the client put in front is ignored.
    statuses = [_bad_login(proxied, f"198.51.100.{n}, {REAL_CLIENT}") for n in range(7)]
    assert statuses == [401] * 5 + [429] * 2


def test_each_real_client_behind_the_proxy_has_its_own_limit(
    proxied: TestClient, setup_admin: object
) -> None:
    for _ in range(5):
        assert _bad_login(proxied, REAL_CLIENT) == 401
    assert _bad_login(proxied, REAL_CLIENT) == 429
    assert _bad_login(proxied, "203.0.113.10") == 401


def test_forwarded_headers_from_an_untrusted_peer_are_ignored(
    client: TestClient, setup_admin: object
) -> None:
    statuses = [_bad_login(client, f"198.51.100.{n}") for n in range(6)]
    assert statuses == [401] * 5 + [429]


def test_https_at_a_trusted_proxy_makes_cookies_secure(
    proxied: TestClient, setup_admin: object
) -> None:
    response = proxied.post(
        "/api/auth/local/login",
        json={"username": "admin", "password": ADMIN_PASSWORD},
        headers={"X-Forwarded-For": REAL_CLIENT, "X-Forwarded-Proto": "https"},
    )
    assert response.status_code == 200
    cookies = response.headers.get_list("set-cookie")
    assert cookies and all("Secure" in cookie for cookie in cookies)


def test_https_claimed_by_an_untrusted_peer_does_not_make_cookies_secure(
    client: TestClient, setup_admin: object
) -> None:
    response = client.post(
        "/api/auth/local/login",
        json={"username": "admin", "password": ADMIN_PASSWORD},
        headers={"X-Forwarded-Proto": "https"},
    )
    assert response.status_code == 200
    assert not any("Secure" in c for c in response.headers.get_list("set-cookie"))


def test_trusted_proxies_read_from_a_comma_separated_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("EARMARK_TRUSTED_PROXIES", "10.0.0.2, 172.16.0.0/12")
    assert BootSettings().trusted_proxies == ["10.0.0.2", "172.16.0.0/12"]
    monkeypatch.setenv("EARMARK_TRUSTED_PROXIES", "proxy.lan")
    with pytest.raises(ValidationError, match="not an IP address"):
        BootSettings()
