"""The Audible region and the wanted language are dropdowns on the settings page."""

from __future__ import annotations

from fastapi.testclient import TestClient

from earmark.wiring import Services
from tests.api.web.conftest import SignIn
from tests.api.web.seed import add_user


def test_the_audible_store_tab_offers_the_regions_by_name_and_nothing_else_of_system(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    services.config.set("system.audible_region", "de")
    sign_in(add_user(services, "boss", "admin"))
    page = client.get("/admin/settings?tab=system").text
    assert 'data-key="system.audible_region"' in page
    assert '<option value="de" selected>Germany (www.audible.de)</option>' in page
    assert '<option value="jp" >Japan (www.audible.co.jp)</option>' in page
    assert "setup.completed" not in page
    ranking = client.get("/admin/settings?tab=ranking").text
    assert 'data-key="ranking.wanted_language"' in ranking
    assert '<option value="German" >German</option>' in ranking
    assert '<option value="" selected>not set</option>' in ranking


def test_the_region_is_saved_from_its_tab(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    sign_in(add_user(services, "boss", "admin"))
    headers = {"X-CSRF-Token": "csrf-test-value"}
    saved = client.put(
        "/api/admin/settings/system", json={"system.audible_region": "it"}, headers=headers
    )
    assert saved.status_code == 200, saved.text
    assert services.config.get("system.audible_region") == "it"
    refused = client.put(
        "/api/admin/settings/system", json={"setup.completed": False}, headers=headers
    )
    assert refused.status_code == 400
