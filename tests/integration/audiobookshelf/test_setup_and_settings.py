"""The setup wizard and Admin → Settings with Audiobookshelf as the media server (real server)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from earmark.wiring import Services
from tests.harness.audiobookshelf import AudiobookshelfDaemon
from tests.support import first_admin

TEST = "/api/setup/test/media-server/audiobookshelf"


@pytest.fixture
def admin(client: TestClient) -> dict[str, str]:
    response = client.post(
        "/api/setup/admin", json=first_admin(client, "Admin", "correct horse battery")
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def test_setup_test_lists_book_libraries_and_explains_a_wrong_key(
    client: TestClient, admin: dict[str, str], audiobookshelf: AudiobookshelfDaemon
) -> None:
    values = {"server_url": audiobookshelf.url, "api_key": audiobookshelf.api_key}
    good = client.post(TEST, json=values, headers=admin).json()
    assert good["ok"] is True, good
    assert audiobookshelf.library_id in [lib["id"] for lib in good["details"]["libraries"]]

    bad = client.post(TEST, json={**values, "api_key": "wrong"}, headers=admin).json()
    assert bad == {
        "ok": False,
        "message": "Audiobookshelf: the API key was refused; create a new one in Audiobookshelf",
        "details": {},
    }


def test_setup_completes_with_audiobookshelf_and_no_plex(
    client: TestClient,
    admin: dict[str, str],
    audiobookshelf: AudiobookshelfDaemon,
    services: Services,
    tmp_path: Path,
) -> None:
    body = {
        "media_server": {
            "kind": "audiobookshelf",
            "values": {
                "server_url": audiobookshelf.url,
                "api_key": audiobookshelf.api_key,
                "library_id": audiobookshelf.library_id,
                "library_path": "/audiobooks",
            },
        },
        "prowlarr": {"url": "http://127.0.0.1:9", "api_key": "prowlarr-key"},
        "download_client": {"url": "http://127.0.0.1:8080"},
        "paths": {"downloads": str(tmp_path / "dl"), "media": str(tmp_path / "media")},
    }
    done = client.post("/api/setup/complete", json=body, headers=admin)

    assert done.status_code == 200, done.text
    config = services.config
    assert config.get_str("media_server.kind") == "audiobookshelf"
    assert config.get_str("audiobookshelf.library_id") == audiobookshelf.library_id
    assert config.get_str("audiobookshelf.api_key") == audiobookshelf.api_key
    assert config.get_str("plex.server_url") == ""
    settings = client.get("/api/admin/settings/audiobookshelf", headers=admin).json()
    assert settings["audiobookshelf.api_key"] == {"is_set": True}
    # The settings page tests with the stored key (only for the address it was entered for).
    again = client.post(
        "/api/admin/settings/test/media-server/audiobookshelf",
        json={"server_url": audiobookshelf.url, "api_key": ""},
        headers=admin,
    ).json()
    assert again["ok"] is True, again
    elsewhere = client.post(
        "/api/admin/settings/test/media-server/audiobookshelf",
        json={"server_url": "http://127.0.0.1:9", "api_key": ""},
        headers=admin,
    ).json()
    assert elsewhere["ok"] is False
    assert elsewhere["message"].startswith("Enter the secret to test this address")
    page = client.get("/admin/settings?tab=audiobookshelf", headers=admin).text
    assert "Library folder as Audiobookshelf sees it" in page


def test_setup_refuses_audiobookshelf_without_a_library(
    client: TestClient, admin: dict[str, str], audiobookshelf: AudiobookshelfDaemon, tmp_path: Path
) -> None:
    values = {"server_url": audiobookshelf.url, "api_key": audiobookshelf.api_key}
    body = {
        "media_server": {"kind": "audiobookshelf", "values": values},
        "prowlarr": {"url": "http://127.0.0.1:9", "api_key": "prowlarr-key"},
        "download_client": {"url": "http://127.0.0.1:8080"},
        "paths": {"downloads": str(tmp_path / "dl"), "media": str(tmp_path / "media")},
    }
    refused = client.post("/api/setup/complete", json=body, headers=admin)

    assert refused.status_code == 400
    assert refused.json()["message"] == "Choose the library that holds audiobooks."
