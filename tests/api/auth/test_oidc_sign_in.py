"""OpenID Connect sign-in against a real provider (the certified oidc-provider package) on 127.0.0.1."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from earmark.app import create_app
from earmark.demo.parts.processes import free_port
from earmark.settings import BootSettings
from earmark.users.errors import OIDC_FAILURES
from earmark.users.models import OidcIdentity, User
from earmark.users.service import UserService
from earmark.wiring import Services
from tests.api.auth.conftest import ADMIN_PASSWORD
from tests.harness.oidc_provider import (
    ACCOUNTS,
    CLIENT_ID,
    CLIENT_SECRET,
    PUBLIC_CLIENT_ID,
    OidcProvider,
    running_provider,
    sign_in_at_provider,
)

CALLBACK = "http://testserver/auth/oidc/callback"


@pytest.fixture(scope="module")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OidcProvider]:
    with running_provider(tmp_path_factory.mktemp("oidc"), [CALLBACK]) as running:
        yield running


@pytest.fixture(autouse=True)
def _fresh_accounts(oidc_provider: OidcProvider) -> None:
    for name, claims in ACCOUNTS.items():
        oidc_provider.set_account(name, claims)


def configure(services: Services, issuer: str, **overrides: Any) -> None:
    services.config.set_many(
        {
            "setup.completed": True,
            "oidc.enabled": True,
            "oidc.issuer_url": issuer,
            "oidc.client_id": CLIENT_ID,
            "oidc.client_secret": CLIENT_SECRET,
            "oidc.access_rule": "groups",
            "oidc.allowed_groups": ["earmark"],
            "oidc.admin_claim": "groups",
            "oidc.admin_value": "earmark-admins",
            **{f"oidc.{key}": value for key, value in overrides.items()},
        }
    )


def start(client: TestClient, redirect: str = "/requests") -> str:
    response = client.get(f"/auth/oidc/start?redirect={redirect}", follow_redirects=False)
    assert response.status_code == 303, response.text
    return str(response.headers["location"])


def finish(client: TestClient, callback_url: str) -> httpx.Response:
    return client.get(callback_url.removeprefix("http://testserver"), follow_redirects=False)


def refusal(response: httpx.Response) -> str | None:
    assert response.status_code == 303
    location = urlsplit(response.headers["location"])
    if location.path != "/login":
        return None
    return parse_qs(location.query)["oidc_error"][0]


def sign_in(client: TestClient, account: str) -> httpx.Response:
    return finish(client, sign_in_at_provider(start(client), account, CALLBACK))


def with_param(url: str, name: str, value: str) -> str:
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    query[name] = value
    return urlunsplit(parts._replace(query=urlencode(query)))


def identity_user(services: Services, subject: str) -> User | None:
    with services.sessions() as session:
        return session.scalars(
            select(User).join(OidcIdentity).where(OidcIdentity.subject == subject)
        ).first()


def test_sign_in_creates_the_account_linked_by_issuer_and_sub(
    client: TestClient, services: Services, oidc_provider: OidcProvider
) -> None:
    configure(services, oidc_provider.url)
    authorization = urlsplit(start(client))
    params = parse_qs(authorization.query)
    assert params["code_challenge_method"] == ["S256"]
    assert params["redirect_uri"] == [CALLBACK]
    assert {"state", "nonce", "code_challenge"} <= params.keys()

    response = sign_in(client, "alice")
    assert refusal(response) is None
    assert response.headers["location"] == "/requests"
    me = client.get("/api/auth/me").json()["user"]
    assert (me["username"], me["role"]) == ("alice", "user")
    with services.sessions() as session:
        identity = session.scalars(select(OidcIdentity)).one()
    assert (identity.issuer, identity.subject) == (oidc_provider.url, "alice")

    # The sub links the account, not the name: a renamed person keeps their account.
    oidc_provider.set_account("alice", {**ACCOUNTS["alice"], "preferred_username": "alice.r"})
    client.cookies.clear()
    assert refusal(sign_in(client, "alice")) is None
    user = identity_user(services, "alice")
    assert user is not None and user.plex_username == "alice.r" and user.id == identity.user_id


def test_public_client_signs_in_with_pkce_alone(
    client: TestClient, services: Services, oidc_provider: OidcProvider
) -> None:
    configure(services, oidc_provider.url, client_id=PUBLIC_CLIENT_ID, client_secret="")
    assert refusal(sign_in(client, "alice")) is None
    assert client.get("/api/auth/me").json()["user"]["username"] == "alice"


def test_wrong_state_is_refused(
    client: TestClient, services: Services, oidc_provider: OidcProvider
) -> None:
    configure(services, oidc_provider.url)
    callback = sign_in_at_provider(start(client), "alice", CALLBACK)
    response = finish(client, with_param(callback, "state", "forged-state"))
    assert refusal(response) == "state"
    assert identity_user(services, "alice") is None
    page = client.get(response.headers["location"])
    assert page.status_code == 200
    assert "wrong state" in page.text


def test_callback_in_another_browser_is_refused(
    client: TestClient, services: Services, oidc_provider: OidcProvider
) -> None:
    configure(services, oidc_provider.url)
    callback = sign_in_at_provider(start(client), "alice", CALLBACK)
    client.cookies.clear()
    assert refusal(finish(client, callback)) == "expired"


def test_wrong_nonce_is_refused(
    client: TestClient, services: Services, oidc_provider: OidcProvider
) -> None:
    configure(services, oidc_provider.url)
    # The provider signs an ID token for another nonce than the one this browser's sign-in holds.
    authorization = with_param(start(client), "nonce", "someone-elses-nonce")
    response = finish(client, sign_in_at_provider(authorization, "alice", CALLBACK))
    assert refusal(response) == "nonce"
    assert identity_user(services, "alice") is None


def test_expired_code_is_refused(client: TestClient, services: Services, tmp_path: Path) -> None:
    with running_provider(tmp_path / "short", [CALLBACK], code_ttl_seconds=1) as short_lived:
        configure(services, short_lived.url)
        callback = sign_in_at_provider(start(client), "alice", CALLBACK)
        time.sleep(2.5)
        assert refusal(finish(client, callback)) == "code"


def test_used_code_cannot_sign_in_twice(
    client: TestClient, services: Services, oidc_provider: OidcProvider
) -> None:
    configure(services, oidc_provider.url)
    started = start(client)
    sealed = client.cookies.get("earmark_oidc")
    callback = sign_in_at_provider(started, "alice", CALLBACK)
    assert refusal(finish(client, callback)) is None
    client.cookies.clear()
    client.cookies.set("earmark_oidc", sealed or "")
    assert refusal(finish(client, callback)) == "code"


def test_group_not_allowed_is_refused_with_a_plain_message(
    client: TestClient, services: Services, oidc_provider: OidcProvider
) -> None:
    configure(services, oidc_provider.url)
    response = sign_in(client, "mallory")
    assert refusal(response) == "group"
    assert identity_user(services, "mallory") is None
    assert OIDC_FAILURES["group"] in client.get("/login?oidc_error=group").text
    assert client.get("/api/auth/me").status_code == 401


def test_admin_claim_is_granted_and_removed_at_the_next_sign_in(
    client: TestClient, services: Services, oidc_provider: OidcProvider
) -> None:
    configure(services, oidc_provider.url)
    assert refusal(sign_in(client, "carol")) is None
    assert client.get("/api/auth/me").json()["user"]["role"] == "admin"

    oidc_provider.set_account("carol", {**ACCOUNTS["carol"], "groups": ["earmark"]})
    client.cookies.clear()
    assert refusal(sign_in(client, "carol")) is None
    assert client.get("/api/auth/me").json()["user"]["role"] == "user"


def test_allow_list_admits_listed_emails_only(
    client: TestClient, services: Services, oidc_provider: OidcProvider
) -> None:
    configure(
        services, oidc_provider.url, access_rule="allow_list", allowed_users=["Alice@Example.test"]
    )
    assert refusal(sign_in(client, "carol")) == "not_listed"
    client.cookies.clear()
    assert refusal(sign_in(client, "alice")) is None


def test_approval_rule_makes_new_accounts_wait_for_an_admin(
    client: TestClient, services: Services, oidc_provider: OidcProvider
) -> None:
    configure(services, oidc_provider.url, access_rule="approval")
    assert refusal(sign_in(client, "mallory")) == "pending"
    waiting = identity_user(services, "mallory")
    assert waiting is not None and waiting.disabled and waiting.awaiting_approval
    assert refusal(sign_in(client, "mallory")) == "pending"

    users = UserService(services.sessions, services.cipher, services.clock)
    admin = users.create_setup_admin("admin", ADMIN_PASSWORD)
    client.cookies.clear()
    login = client.post(
        "/api/auth/local/login", json={"username": "admin", "password": ADMIN_PASSWORD}
    )
    assert 'data-testid="awaiting-approval"' in client.get("/admin/users").text
    assert login.status_code == 200
    client.cookies.clear()
    users.approve_registration(waiting.id)  # Admin → Users' "Approve", as for a self-registration
    assert refusal(sign_in(client, "mallory")) is None

    users.set_disabled(admin.id, waiting.id, True)
    client.cookies.clear()
    assert refusal(sign_in(client, "mallory")) == "disabled"


def test_local_sign_in_off_leaves_only_the_setup_admin(
    client: TestClient, services: Services, oidc_provider: OidcProvider
) -> None:
    users = UserService(services.sessions, services.cipher, services.clock)
    users.create_setup_admin("admin", ADMIN_PASSWORD)
    users.create_local_user("reader", ADMIN_PASSWORD, "user")
    configure(services, oidc_provider.url, allow_local_sign_in=False)

    def local(username: str) -> httpx.Response:
        client.cookies.clear()
        body = {"username": username, "password": ADMIN_PASSWORD}
        return client.post("/api/auth/local/login", json=body)

    refused = local("reader")
    assert refused.status_code == 403
    assert "turned off" in refused.json()["message"]
    assert local("admin").status_code == 200

    client.cookies.clear()
    page = client.get("/login").text
    assert 'data-testid="local-login"' not in page
    assert 'data-testid="oidc-login"' in page
    assert 'data-testid="local-login"' in client.get("/login?local=1").text

    # Switching OpenID off brings local sign-in back, so nobody is locked out.
    services.config.set("oidc.enabled", False)
    assert local("reader").status_code == 200


def test_provider_down_is_a_plain_message(client: TestClient, services: Services) -> None:
    configure(services, f"http://127.0.0.1:{free_port()}")
    response = client.get("/auth/oidc/start", follow_redirects=False)
    assert refusal(response) == "provider_down"
    assert OIDC_FAILURES["provider_down"] in client.get(response.headers["location"]).text


def test_sign_in_routes_without_openid_set_up(client: TestClient) -> None:
    assert refusal(client.get("/auth/oidc/start", follow_redirects=False)) == "not_configured"
    callback = client.get("/auth/oidc/callback?code=x&state=y", follow_redirects=False)
    assert refusal(callback) == "expired"  # no sign-in was started in this browser
    assert client.get("/login?oidc_error=<script>").status_code == 200


def test_sign_ins_are_throttled_per_address(
    client: TestClient, services: Services, oidc_provider: OidcProvider
) -> None:
    configure(services, oidc_provider.url)
    reasons = [refusal(client.get("/auth/oidc/start", follow_redirects=False)) for _ in range(31)]
    assert reasons[:30] == [None] * 30
    assert reasons[30] == "throttled"


def test_discovery_test_reports_the_provider_and_the_redirect_uri(
    client: TestClient, services: Services, oidc_provider: OidcProvider
) -> None:
    users = UserService(services.sessions, services.cipher, services.clock)
    users.create_setup_admin("admin", ADMIN_PASSWORD)
    login = client.post(
        "/api/auth/local/login", json={"username": "admin", "password": ADMIN_PASSWORD}
    )
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    found = client.post(
        "/api/admin/settings/test/oidc", json={"issuer_url": oidc_provider.url}, headers=headers
    )
    assert found.json()["ok"] is True
    assert found.json()["details"]["redirect_uri"] == CALLBACK
    missing = client.post(
        "/api/admin/settings/test/oidc",
        json={"issuer_url": f"{oidc_provider.url}/nowhere"},
        headers=headers,
    ).json()
    assert missing["ok"] is False
    assert "HTTP 404" in missing["message"]


def test_redirect_uri_behind_a_trusted_proxy_under_a_base_path(
    boot_settings: BootSettings, services: Services, oidc_provider: OidcProvider
) -> None:
    settings = boot_settings.model_copy(
        update={"trusted_proxies": ["10.0.0.2"], "base_path": "/earmark"}
    )
    configure(services, oidc_provider.url)
    app = create_app(settings, services)
    with TestClient(
        app, base_url="http://books.example.org", client=("10.0.0.2", 40000)
    ) as proxied:
        response = proxied.get(
            "/earmark/auth/oidc/start",
            headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"},
            follow_redirects=False,
        )
    assert response.status_code == 303
    sent = parse_qs(urlsplit(response.headers["location"]).query)["redirect_uri"]
    assert sent == ["https://books.example.org/earmark/auth/oidc/callback"]
    cookie = response.headers["set-cookie"]
    assert "Path=/earmark" in cookie and "Secure" in cookie and "HttpOnly" in cookie


def test_public_url_fixes_the_redirect_uri(
    boot_settings: BootSettings, services: Services, oidc_provider: OidcProvider
) -> None:
    settings = boot_settings.model_copy(update={"public_url": "https://books.example.org/earmark/"})
    configure(services, oidc_provider.url)
    with TestClient(create_app(settings, replace(services, settings=settings))) as client:
        response = client.get("/auth/oidc/start", follow_redirects=False)
    sent = parse_qs(urlsplit(response.headers["location"]).query)["redirect_uri"]
    assert sent == ["https://books.example.org/earmark/auth/oidc/callback"]
