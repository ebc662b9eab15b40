"""The BookDate page over TestClient: sign-in redirect, preferences and on/off state in the page."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient

from earmark.wiring import Services
from tests.api.web.conftest import SignIn
from tests.api.web.seed import add_user


def page_arguments(html: str) -> tuple[dict[str, object], bool]:
    found = re.search(r"x-data='bookDate\((\{.*?\}), (true|false)\)'", html)
    assert found, "the BookDate component is missing from the page"
    return json.loads(found.group(1)), found.group(2) == "true"


def test_bookdate_page_signed_out_redirects_to_login(client: TestClient) -> None:
    answer = client.get("/bookdate", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?redirect=/bookdate"


def test_bookdate_page_carries_preferences_and_off_state(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    reader = add_user(services, "reader")
    sign_in(reader)
    html = client.get("/bookdate").text
    preferences, enabled = page_arguments(html)
    assert preferences == {
        "library_scope": "full",
        "custom_prompt": "",
        "onboarding_complete": False,
    }
    assert enabled is False
    assert 'maxlength="1000"' in html
    assert 'href="/bookdate" aria-current="page"' in html


def test_bookdate_page_escapes_the_custom_prompt(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    reader = add_user(services, "reader")
    sign_in(reader)
    services.config.set("bookdate.enabled", True)
    prompt = "No horror' onload='alert(1)"
    answer = client.put(
        "/api/bookdate/preferences",
        json={"custom_prompt": prompt, "onboarding_complete": True},
        headers={"X-CSRF-Token": "csrf-test-value"},
    )
    assert answer.status_code == 200, answer.text
    html = client.get("/bookdate").text
    assert "onload='alert" not in html
    preferences, enabled = page_arguments(html)
    assert preferences["custom_prompt"] == prompt and enabled is True
