"""GET /api/health answers with database status and version; unknown paths give JSON 404s."""

from __future__ import annotations

from fastapi.testclient import TestClient

from earmark import __version__


def test_health_reports_database_and_version(client: TestClient) -> None:
    response = client.get("/api/health")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["version"] == __version__
    assert body["database_backend"] in {"sqlite", "postgresql"}


def test_unknown_route_is_json_404(client: TestClient) -> None:
    response = client.get("/api/does-not-exist")
    assert response.status_code == 404
    assert response.json()["error"] == "NotFound"


def test_openapi_is_served(client: TestClient) -> None:
    assert client.get("/api/openapi.json").json()["info"]["title"] == "Earmark"
    assert client.get("/api/docs").status_code == 200
