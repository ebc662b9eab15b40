"""Setup wizard: connection tests with actionable errors, completion, and the closed door after."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from earmark.demo.fakes.plex_server import FakePlexLibrary, build_app
from earmark.demo.fakes.prowlarr import FakeProwlarr
from earmark.demo.fakes.server import free_port, serve_app
from earmark.queue.models import Job
from earmark.wiring import Services
from tests.fakes.llm import LlmControls, build_openai_app
from tests.support import first_admin

PLEX_TOKEN = "plex-owner-token-0099"


@pytest.fixture
def fakes(tmp_path: Path) -> Iterator[dict[str, str]]:
    library = FakePlexLibrary(tmp_path / "plex-library", token=PLEX_TOKEN)
    prowlarr = FakeProwlarr()
    prowlarr.add_indexer(1, "AudioBookBay")
    with serve_app(build_app(library)) as plex_url, serve_app(prowlarr.app()) as prowlarr_url:
        yield {"plex": plex_url, "prowlarr": prowlarr_url, "prowlarr_key": prowlarr.api_key}


@pytest.fixture
def admin(client: TestClient) -> dict[str, str]:
    response = client.post(
        "/api/setup/admin", json=first_admin(client, "Admin", "correct horse battery")
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _paths(tmp_path: Path) -> dict[str, object]:
    return {
        "downloads": str(tmp_path / "downloads"),
        "media": str(tmp_path / "media"),
        "template": "{author}/{title}",
    }


def test_setup_plex_test_lists_libraries_and_reports_bad_token(
    client: TestClient, admin: dict[str, str], fakes: dict[str, str]
) -> None:
    good = client.post(
        "/api/setup/test/plex",
        json={"server_url": fakes["plex"], "auth_token": PLEX_TOKEN},
        headers=admin,
    ).json()
    assert good["ok"] is True
    assert good["details"]["machine_identifier"]
    assert good["details"]["libraries"]
    bad = client.post(
        "/api/setup/test/plex",
        json={"server_url": fakes["plex"], "auth_token": "wrong"},
        headers=admin,
    ).json()
    assert bad["ok"] is False
    assert "token" in bad["message"].lower() or "credentials" in bad["message"].lower()


def test_setup_prowlarr_and_client_tests_give_actionable_errors(
    client: TestClient, admin: dict[str, str], fakes: dict[str, str]
) -> None:
    good = client.post(
        "/api/setup/test/prowlarr",
        json={"url": fakes["prowlarr"], "api_key": fakes["prowlarr_key"]},
        headers=admin,
    ).json()
    assert good["ok"] is True
    assert good["details"]["indexers"][0]["name"] == "AudioBookBay"
    down = client.post(
        "/api/setup/test/download-client",
        json={
            "type": "qbittorrent",
            "url": f"http://127.0.0.1:{free_port()}",
            "username": "admin",
            "password": "x",
        },
        headers=admin,
    ).json()
    assert down["ok"] is False
    assert down["message"]
    bad_type = client.post(
        "/api/setup/test/download-client",
        json={"type": "utorrent", "url": "http://x"},
        headers=admin,
    )
    assert bad_type.status_code == 422


def test_setup_paths_test_checks_writability_and_template(
    client: TestClient, admin: dict[str, str], tmp_path: Path
) -> None:
    ok = client.post("/api/setup/test/paths", json=_paths(tmp_path), headers=admin).json()
    assert ok["ok"] is True
    assert ok["details"]["preview"].endswith("Andy Weir/Project Hail Mary")
    same = client.post(
        "/api/setup/test/paths",
        json={**_paths(tmp_path), "media": str(tmp_path / "downloads")},
        headers=admin,
    ).json()
    assert same["ok"] is False
    assert "different" in same["message"]


def test_setup_complete_stores_config_encrypted_and_closes_setup(
    client: TestClient,
    admin: dict[str, str],
    fakes: dict[str, str],
    services: Services,
    tmp_path: Path,
) -> None:
    body = {
        "plex": {"server_url": fakes["plex"], "auth_token": PLEX_TOKEN, "library_id": "1"},
        "prowlarr": {
            "url": fakes["prowlarr"],
            "api_key": fakes["prowlarr_key"],
            "indexers": [{"id": 1, "name": "AudioBookBay"}],
        },
        "download_client": {
            "type": "qbittorrent",
            "url": "http://127.0.0.1:8080",
            "username": "admin",
            "password": "qbt-pass-4242",
        },
        "paths": _paths(tmp_path),
    }
    done = client.post("/api/setup/complete", json=body, headers=admin)
    assert done.status_code == 200, done.text
    assert services.config.get("setup.completed") is True
    assert services.config.get_str("plex.machine_identifier")
    assert services.config.get_str("download_client.qbittorrent_password") == "qbt-pass-4242"
    with services.engine.connect() as conn:
        stored = " ".join(str(v) for (v,) in conn.execute(text("SELECT value FROM configuration")))
    for secret in (PLEX_TOKEN, fakes["prowlarr_key"], "qbt-pass-4242"):
        assert secret not in stored
    with services.sessions() as session:
        queued = {job.type for job in session.scalars(select(Job))}
    assert {"audible_refresh", "plex_library_scan"} <= queued
    again = client.post("/api/setup/complete", json=body, headers=admin)
    assert again.status_code == 403
    assert (
        client.post("/api/setup/test/paths", json=_paths(tmp_path), headers=admin).status_code
        == 403
    )
    settings = client.get("/api/admin/settings/plex", headers=admin).json()
    assert settings["plex.auth_token"] == {"is_set": True}


def test_setup_complete_refuses_unreachable_plex(
    client: TestClient, admin: dict[str, str], tmp_path: Path, services: Services
) -> None:
    body = {
        "plex": {
            "server_url": f"http://127.0.0.1:{free_port()}",
            "auth_token": "t",
            "library_id": "1",
        },
        "prowlarr": {"url": "http://127.0.0.1:1", "api_key": "k"},
        "download_client": {"url": "http://127.0.0.1:8080"},
        "paths": _paths(tmp_path),
    }
    refused = client.post("/api/setup/complete", json=body, headers=admin)
    assert refused.status_code == 400
    assert "Plex" in refused.json()["message"]
    assert services.config.get("setup.completed") is False


def test_admin_settings_empty_secret_keeps_stored_value(
    client: TestClient, admin: dict[str, str], services: Services
) -> None:
    services.config.set("indexer.prowlarr_api_key", "kept-key-123456")
    saved = client.put(
        "/api/admin/settings/indexer",
        json={"indexer.prowlarr_api_key": "", "indexer.categories": [3030, 3040]},
        headers=admin,
    )
    assert saved.status_code == 200, saved.text
    assert services.config.get_str("indexer.prowlarr_api_key") == "kept-key-123456"
    assert services.config.get("indexer.categories") == [3030, 3040]
    wrong = client.put(
        "/api/admin/settings/indexer", json={"plex.server_url": "http://x"}, headers=admin
    )
    assert wrong.status_code == 400


def test_setup_bookdate_test_lists_models_and_reports_bad_key(
    client: TestClient, admin: dict[str, str]
) -> None:
    controls = LlmControls()
    with serve_app(build_openai_app(controls)) as url:
        body = {
            "provider": "openai_compatible",
            "base_url": f"{url}/v1",
            "model": "gpt-4o",
            "api_key": controls.api_key,
        }
        good = client.post("/api/setup/test/bookdate", json=body, headers=admin).json()
        assert good["ok"] is True, good
        bad = client.post(
            "/api/setup/test/bookdate", json={**body, "api_key": "wrong-key"}, headers=admin
        ).json()
    assert bad["ok"] is False
    assert "wrong-key" not in bad["message"]


def test_setup_bookdate_test_with_unsendable_key_is_a_clear_error(
    client: TestClient, admin: dict[str, str]
) -> None:
    response = client.post(
        "/api/setup/test/bookdate",
        json={"provider": "openai", "api_key": "éé", "model": "x"},
        headers=admin,
    )
    assert response.status_code == 200
    assert response.json()["ok"] is False
    assert "characters" in response.json()["message"]


def test_setup_usenet_client_test_reports_plain_errors(
    client: TestClient, admin: dict[str, str]
) -> None:
    down = client.post(
        "/api/setup/test/usenet-client",
        json={"type": "sabnzbd", "url": f"http://127.0.0.1:{free_port()}", "api_key": "k" * 32},
        headers=admin,
    ).json()
    assert down["ok"] is False and "cannot connect" in down["message"]
    none_chosen = client.post(
        "/api/setup/test/usenet-client", json={"type": "", "url": ""}, headers=admin
    ).json()
    assert none_chosen == {"ok": False, "message": "Choose SABnzbd or NZBGet first.", "details": {}}
    bad_type = client.post(
        "/api/setup/test/usenet-client", json={"type": "newsbin", "url": "http://x"}, headers=admin
    )
    assert bad_type.status_code == 422
    assert "sabnzbd, nzbget" in bad_type.text
