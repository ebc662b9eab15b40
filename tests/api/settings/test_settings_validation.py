"""Settings are validated on write: out-of-bounds values are refused naming the field, never stored."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from earmark.settings_store.catalogue import SETTINGS
from earmark.wiring import Services
from tests.support import first_admin


@pytest.fixture
def admin(client: TestClient) -> dict[str, str]:
    response = client.post(
        "/api/setup/admin", json=first_admin(client, "Admin", "correct horse battery")
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


REFUSED: list[tuple[str, str, Any]] = [
    ("ranking", "ranking.min_score", 150),
    ("ranking", "ranking.min_score", -5),
    ("ranking", "ranking.min_score", math.nan),
    ("ranking", "ranking.min_score", "NaN"),
    ("ranking", "ranking.min_score", 1e308),
    ("seeding", "seeding.default_ratio", -0.5),
    ("seeding", "seeding.default_time_minutes", -10),
    ("monitor", "monitor.stall_minutes", "soon"),
    ("indexer", "indexer.prowlarr_indexers", [{"id": "not-a-number", "name": "ABB"}]),
    ("indexer", "indexer.prowlarr_indexers", [{"id": 1, "priority": 99}]),
    ("indexer", "indexer.categories", ["audiobooks"]),
    ("system", "system.audible_region", "mars"),
    ("paths", "paths.media", "/media/\x00audiobooks"),
    ("download_client", "download_client.local_path", "/downloads\x00"),
    ("plex", "plex.server_url", "not a url"),
    ("indexer", "indexer.prowlarr_url", "ftp://prowlarr:9696"),
    ("download_client", "download_client.qbittorrent_url", "http://qbittorrent:99999"),
    ("download_client", "download_client.type", "utorrent"),
    ("bookdate", "bookdate.base_url", "localhost:11434"),
]


@pytest.mark.parametrize(("category", "key", "value"), REFUSED)
def test_settings_api_refuses_out_of_bounds_value_naming_the_field(
    client: TestClient,
    admin: dict[str, str],
    services: Services,
    category: str,
    key: str,
    value: Any,
) -> None:
    before = client.get(f"/api/admin/settings/{category}", headers=admin).json()[key]
    # Python's JSON writes NaN as a bare token, which the server's JSON reader accepts too.
    response = client.put(
        f"/api/admin/settings/{category}",
        content=json.dumps({key: value}),
        headers={**admin, "content-type": "application/json"},
    )
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["error"] == "InvalidSetting"
    assert key in body["message"] and SETTINGS[key].title in body["message"]
    assert client.get(f"/api/admin/settings/{category}", headers=admin).json()[key] == before
    assert services.config.get(key) == SETTINGS[key].default


def test_settings_api_one_bad_value_refuses_the_whole_write(
    client: TestClient, admin: dict[str, str], services: Services
) -> None:
    response = client.put(
        "/api/admin/settings/seeding",
        json={"seeding.default_time_minutes": 120, "seeding.default_ratio": 1e308},
        headers=admin,
    )
    assert response.status_code == 400
    assert "seeding.default_ratio" in response.json()["message"]
    assert services.config.get("seeding.default_time_minutes") == 0


def test_settings_api_stores_values_within_bounds_typed(
    client: TestClient, admin: dict[str, str], services: Services
) -> None:
    response = client.put(
        "/api/admin/settings/indexer",
        json={
            "indexer.prowlarr_indexers": [
                {"id": "7", "name": "ABB", "priority": 3, "ratio_limit": 1.5, "rss": False}
            ],
            "indexer.flag_bonuses": {"freeleech": 10},
        },
        headers=admin,
    )
    assert response.status_code == 200, response.text
    stored = response.json()["indexer.prowlarr_indexers"]
    assert stored == [
        {
            "id": 7,
            "name": "ABB",
            "priority": 3,
            "rss": False,
            "seeding_time_minutes": 0,
            "ratio_limit": 1.5,
        }
    ]
    ranking = client.put(
        "/api/admin/settings/ranking", json={"ranking.min_score": "61.5"}, headers=admin
    )
    assert ranking.status_code == 200
    assert services.config.get("ranking.min_score") == 61.5


def test_setup_wizard_refuses_bad_values_with_a_clear_422(
    client: TestClient, admin: dict[str, str], tmp_path: Path
) -> None:
    paths = {"downloads": str(tmp_path / "dl"), "media": str(tmp_path / "media")}
    body = {
        "plex": {"server_url": "http://127.0.0.1:1", "auth_token": "t", "library_id": "1"},
        "prowlarr": {
            "url": "http://127.0.0.1:2",
            "api_key": "k",
            "indexers": [{"id": "abc", "name": "ABB"}],
        },
        "download_client": {"url": "http://127.0.0.1:8080"},
        "paths": paths,
    }
    refused = client.post("/api/setup/complete", json=body, headers=admin)
    assert refused.status_code == 422
    assert refused.json()["error"] == "ValidationError"
    assert "indexers.0.id" in refused.json()["message"]
    bad_url = client.post(
        "/api/setup/test/plex", json={"server_url": "plex:32400", "auth_token": "t"}, headers=admin
    )
    assert bad_url.status_code == 422
    assert "server_url" in bad_url.json()["message"]
    unknown = client.post(
        "/api/setup/test/bookdate", json={"provider": "gemini", "model": "m"}, headers=admin
    )
    assert unknown.status_code == 422
    assert "openai, anthropic, openai_compatible" in unknown.json()["message"]


@pytest.mark.parametrize("route", ["/api/setup/test/paths", "/api/admin/settings/test/paths"])
def test_paths_test_with_nul_character_is_422_not_500(
    client: TestClient, admin: dict[str, str], tmp_path: Path, route: str
) -> None:
    body = {"downloads": f"{tmp_path}/dl\x00", "media": str(tmp_path / "media")}
    response = client.post(route, json=body, headers=admin)
    assert response.status_code == 422, response.text
    assert "NUL" in response.json()["message"]


def test_settings_schema_describes_fields_for_forms() -> None:
    floor = SETTINGS["ranking.min_score"]
    assert (floor.minimum, floor.maximum, floor.unit) == (0.0, 100.0, "points")
    assert SETTINGS["system.audible_region"].choices == (
        "us",
        "uk",
        "ca",
        "au",
        "de",
        "fr",
        "in",
        "it",
        "es",
        "jp",
    )
    assert set(SETTINGS["download_client.type"].choices) == {"qbittorrent", "transmission"}
    assert all(setting.title for setting in SETTINGS.values())
