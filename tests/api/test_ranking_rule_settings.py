"""Admin → Settings → ranking: rule codes can be switched off; unknown or protected ones cannot."""

from __future__ import annotations

from fastapi.testclient import TestClient

from earmark.wiring import Services
from tests.support import make_user


def test_admin_switches_off_a_ranking_rule_by_code(client: TestClient, services: Services) -> None:
    admin = make_user(services, client.app, "root", role="admin")

    saved = client.put(
        "/api/admin/settings/ranking",
        json={"ranking.disabled_rules": ["dramatisation"]},
        headers=admin.headers,
    )

    assert saved.status_code == 200, saved.text
    assert saved.json()["ranking.disabled_rules"] == ["dramatisation"]


def test_protected_rule_code_is_refused_with_the_allowed_list(
    client: TestClient, services: Services
) -> None:
    admin = make_user(services, client.app, "root", role="admin")

    refused = client.put(
        "/api/admin/settings/ranking",
        json={"ranking.disabled_rules": ["title_conflict"]},
        headers=admin.headers,
    )

    assert refused.status_code == 400, refused.text
    assert "title_conflict cannot be switched off" in refused.text
    assert services.config.get("ranking.disabled_rules") == []
