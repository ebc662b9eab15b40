"""A stored secret only goes to the address it was entered with (issue 24 item 2).

Changing a URL whose secret is stored needs the secret again, or the admin's explicit
`keep_secret_for_new_url`; a refused save sends nothing to the new address.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from earmark.demo.fakes.plex_server import FakePlexLibrary, build_app
from earmark.demo.fakes.server import serve_app
from earmark.wiring import Services
from tests.support import first_admin

PLEX_TOKEN = "plex-owner-token-0099"


@pytest.fixture
def admin(client: TestClient) -> dict[str, str]:
    response = client.post(
        "/api/setup/admin", json=first_admin(client, "Admin", "correct horse battery")
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


class Recorder:
    """A host that notes every request reaching it (the address an attacker would enter)."""

    def __init__(self) -> None:
        self.requests: list[dict[str, str]] = []
        self.app = FastAPI()

        @self.app.api_route("/{path:path}", methods=["GET", "POST", "PUT"])
        async def anything(path: str, request: Request) -> dict[str, str]:
            self.requests.append({"path": path, **dict(request.headers)})
            return {}


@pytest.fixture
def recorder() -> Iterator[tuple[str, Recorder]]:
    spy = Recorder()
    with serve_app(spy.app) as url:
        yield url, spy


def test_plex_new_url_needs_the_token_again(
    client: TestClient,
    admin: dict[str, str],
    services: Services,
    recorder: tuple[str, Recorder],
    tmp_path: Path,
) -> None:
    evil_url, spy = recorder
    with (
        serve_app(build_app(FakePlexLibrary(tmp_path / "a", token=PLEX_TOKEN))) as plex_url,
        serve_app(build_app(FakePlexLibrary(tmp_path / "b", token=PLEX_TOKEN))) as moved_url,
    ):
        services.config.set_many({"plex.server_url": plex_url, "plex.auth_token": PLEX_TOKEN})
        refused = client.put(
            "/api/admin/settings/plex", json={"plex.server_url": evil_url}, headers=admin
        )
        assert refused.status_code == 400, refused.text
        assert refused.json()["error"] == "SecretNeedsReentry"
        assert "Plex token" in refused.json()["message"]
        assert spy.requests == []
        assert services.config.get("plex.server_url") == plex_url
        kept = client.put(
            "/api/admin/settings/plex?keep_secret_for_new_url=true",
            json={"plex.server_url": moved_url},
            headers=admin,
        )
        assert kept.status_code == 200, kept.text
        assert services.config.get("plex.server_url") == moved_url
        retyped = client.put(
            "/api/admin/settings/plex",
            json={"plex.server_url": plex_url, "plex.auth_token": PLEX_TOKEN},
            headers=admin,
        )
        assert retyped.status_code == 200, retyped.text
        assert services.config.get("plex.server_url") == plex_url


def test_prowlarr_new_url_needs_the_api_key_again(
    client: TestClient, admin: dict[str, str], services: Services
) -> None:
    services.config.set_many(
        {"indexer.prowlarr_url": "http://prowlarr:9696", "indexer.prowlarr_api_key": "key-1234"}
    )
    refused = client.put(
        "/api/admin/settings/indexer",
        json={"indexer.prowlarr_url": "http://elsewhere:9696", "indexer.prowlarr_api_key": ""},
        headers=admin,
    )
    assert refused.status_code == 400
    assert "Prowlarr API key" in refused.json()["message"]
    assert services.config.get("indexer.prowlarr_url") == "http://prowlarr:9696"
    # The same address written differently (trailing slash) is not a new address.
    same = client.put(
        "/api/admin/settings/indexer",
        json={"indexer.prowlarr_url": "http://prowlarr:9696/"},
        headers=admin,
    )
    assert same.status_code == 200, same.text
    retyped = client.put(
        "/api/admin/settings/indexer",
        json={"indexer.prowlarr_url": "http://elsewhere:9696", "indexer.prowlarr_api_key": "k2"},
        headers=admin,
    )
    assert retyped.status_code == 200
    assert services.config.get("indexer.prowlarr_api_key") == "k2"


@pytest.mark.parametrize("kind", ["qbittorrent", "transmission", "deluge"])
def test_download_client_new_url_needs_the_password_again(
    client: TestClient, admin: dict[str, str], services: Services, kind: str
) -> None:
    prefix = f"download_client.{kind}"
    services.config.set_many({f"{prefix}_url": "http://nas:8080", f"{prefix}_password": "pw"})
    refused = client.put(
        "/api/admin/settings/download_client",
        json={f"{prefix}_url": "http://elsewhere:8080"},
        headers=admin,
    )
    assert refused.status_code == 400
    assert "password" in refused.json()["message"]
    assert services.config.get(f"{prefix}_url") == "http://nas:8080"
    kept = client.put(
        "/api/admin/settings/download_client?keep_secret_for_new_url=true",
        json={f"{prefix}_url": "http://elsewhere:8080"},
        headers=admin,
    )
    assert kept.status_code == 200
    assert services.config.get(f"{prefix}_url") == "http://elsewhere:8080"
    assert services.config.get(f"{prefix}_password") == "pw"


def test_url_without_a_stored_secret_changes_freely(
    client: TestClient, admin: dict[str, str], services: Services
) -> None:
    saved = client.put(
        "/api/admin/settings/download_client",
        json={"download_client.transmission_url": "http://nas:9091/transmission/rpc"},
        headers=admin,
    )
    assert saved.status_code == 200, saved.text


def test_bookdate_new_base_url_or_provider_needs_the_api_key_again(
    client: TestClient, admin: dict[str, str], services: Services, recorder: tuple[str, Recorder]
) -> None:
    evil_url, spy = recorder
    services.config.set_many(
        {
            "bookdate.enabled": True,
            "bookdate.provider": "openai_compatible",
            "bookdate.base_url": "http://llm.lan:11434/v1",
            "bookdate.model": "llama3",
            "bookdate.api_key": "sk-local-123",
        }
    )
    for change in ({"base_url": f"{evil_url}/v1"}, {"provider": "anthropic"}):
        refused = client.put("/api/admin/bookdate/config", json=change, headers=admin)
        assert refused.status_code == 400, refused.text
        assert refused.json()["error"] == "SecretNeedsReentry"
        assert "API key" in refused.json()["message"]
    assert services.config.get("bookdate.base_url") == "http://llm.lan:11434/v1"
    assert services.config.get("bookdate.provider") == "openai_compatible"
    assert spy.requests == []
    kept = client.put(
        "/api/admin/bookdate/config",
        json={"base_url": "http://gpu.lan:8000/v1", "keep_secret_for_new_url": True},
        headers=admin,
    )
    assert kept.status_code == 200, kept.text
    assert kept.json()["base_url"] == "http://gpu.lan:8000/v1" and kept.json()["api_key_set"]
    retyped = client.put(
        "/api/admin/bookdate/config",
        json={"provider": "openai", "base_url": "", "model": "gpt-4o", "api_key": "sk-new"},
        headers=admin,
    )
    assert retyped.status_code == 200, retyped.text
    assert services.config.get("bookdate.api_key") == "sk-new"


@pytest.mark.parametrize(("kind", "secret"), [("sabnzbd", "api_key"), ("nzbget", "password")])
def test_usenet_client_stored_secret_goes_only_to_its_own_url(
    client: TestClient, admin: dict[str, str], services: Services, kind: str, secret: str
) -> None:
    prefix = f"usenet_client.{kind}"
    services.config.set_many({f"{prefix}_url": "http://nas:8080", f"{prefix}_{secret}": "s3cret"})
    elsewhere = client.post(
        "/api/admin/settings/test/usenet-client",
        json={"type": kind, "url": "http://elsewhere:8080"},
        headers=admin,
    ).json()
    assert elsewhere["ok"] is False
    assert "Enter the secret to test this address" in elsewhere["message"]
    refused = client.put(
        "/api/admin/settings/usenet_client",
        json={f"{prefix}_url": "http://elsewhere:8080"},
        headers=admin,
    )
    assert refused.status_code == 400
    assert services.config.get(f"{prefix}_url") == "http://nas:8080"
