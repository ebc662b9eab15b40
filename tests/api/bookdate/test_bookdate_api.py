"""BookDate over HTTP: admin setup, cards, swipes, undo, isolation, preferences, clear errors."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from earmark.bookdate.service import GENERATION_THROTTLE
from earmark.wiring import Services
from tests.fakes.audible_fixtures import RunningFake
from tests.fakes.llm_fixtures import RunningLlm
from tests.integration.bookdate.conftest import catalog_books
from tests.support import SignedIn, make_user


def configure(client: TestClient, admin: SignedIn, llm: RunningLlm, **extra: object) -> None:
    body = {
        "enabled": True,
        "provider": "openai",
        "base_url": f"{llm.url}/v1",
        "model": "gpt-4o",
        "api_key": "test-key",
        **extra,
    }
    answer = client.put("/api/admin/bookdate/config", json=body, headers=admin.headers)
    assert answer.status_code == 200, answer.text


def setup(
    client: TestClient, services: Services, llm: RunningLlm, audible: RunningFake, picks: int = 4
) -> tuple[SignedIn, SignedIn]:
    app: FastAPI = client.app  # type: ignore[assignment]
    admin = make_user(services, app, "admin", role="admin")
    user = make_user(services, app, "reader")
    configure(client, admin, llm)
    llm.controls.picks = [
        {"title": b.title, "author": b.author, "reason": f"Because of {b.title}"}
        for b in catalog_books(audible.app, picks)
    ]
    return admin, user


def test_admin_config_keeps_key_secret_and_empty_key_keeps_stored(
    client: TestClient, services: Services, openai_fake: RunningLlm, audible_fake: RunningFake
) -> None:
    admin, user = setup(client, services, openai_fake, audible_fake)
    configure(client, admin, openai_fake, api_key="")
    shown = client.get("/api/admin/bookdate/config", headers=admin.headers).json()
    assert shown == {
        "enabled": True,
        "provider": "openai",
        "base_url": f"{openai_fake.url}/v1",
        "model": "gpt-4o",
        "api_key_set": True,
    }
    assert services.config.get_str("bookdate.api_key") == "test-key"
    assert client.get("/api/admin/bookdate/config", headers=user.headers).status_code == 403
    bad = client.put(
        "/api/admin/bookdate/config", json={"provider": "gemini"}, headers=admin.headers
    )
    assert bad.status_code == 400


def test_admin_connection_test_lists_models_and_reports_bad_key(
    client: TestClient, services: Services, openai_fake: RunningLlm, audible_fake: RunningFake
) -> None:
    admin, _ = setup(client, services, openai_fake, audible_fake)
    good = client.post("/api/admin/bookdate/test", json={}, headers=admin.headers).json()
    assert good["ok"] and good["details"]["models"] == ["gpt-4o"]
    bad = client.post("/api/admin/bookdate/test", json={"api_key": "wrong"}, headers=admin.headers)
    assert bad.status_code == 200
    assert not bad.json()["ok"] and "API key" in bad.json()["message"]


def test_recommendations_swipe_right_request_and_undo_flow(
    client: TestClient, services: Services, openai_fake: RunningLlm, audible_fake: RunningFake
) -> None:
    _, user = setup(client, services, openai_fake, audible_fake)
    first = client.get("/api/bookdate/recommendations", headers=user.headers).json()
    assert first["source"] == "generated" and first["remaining"] == 4
    again = client.get("/api/bookdate/recommendations", headers=user.headers).json()
    assert again["source"] == "cache" and len(openai_fake.controls.bodies) == 1
    card = first["recommendations"][0]
    assert card["reason"].startswith("Because of")

    swiped = client.post(
        "/api/bookdate/swipes",
        json={"recommendation_id": card["id"], "direction": "right"},
        headers=user.headers,
    ).json()
    assert swiped["request_created"] is True
    mine = client.get("/api/requests", headers=user.headers).json()["items"]
    assert [r["book"]["asin"] for r in mine] == [card["asin"]]
    history = client.get("/api/bookdate/swipes", headers=user.headers).json()["items"]
    assert [h["direction"] for h in history] == ["right"]

    undone = client.post("/api/bookdate/swipes/undo", headers=user.headers).json()
    assert undone["request_cancelled"] and undone["recommendation"]["id"] == card["id"]
    status = client.get(f"/api/requests/{swiped['request_id']}", headers=user.headers).json()
    assert status["status"] == "cancelled"
    missing = client.post("/api/bookdate/swipes/undo", headers=user.headers)
    assert missing.status_code == 404


def test_other_users_card_is_not_found(
    client: TestClient, services: Services, openai_fake: RunningLlm, audible_fake: RunningFake
) -> None:
    _, user = setup(client, services, openai_fake, audible_fake)
    app: FastAPI = client.app  # type: ignore[assignment]
    intruder = make_user(services, app, "intruder")
    card = client.get("/api/bookdate/recommendations", headers=user.headers).json()
    body = {"recommendation_id": card["recommendations"][0]["id"], "direction": "right"}
    answer = client.post("/api/bookdate/swipes", json=body, headers=intruder.headers)
    assert answer.status_code == 404
    assert answer.json()["error"] == "NotFound"


def test_provider_failures_and_garbage_answer_are_clear_502s(
    client: TestClient, services: Services, openai_fake: RunningLlm, audible_fake: RunningFake
) -> None:
    _, user = setup(client, services, openai_fake, audible_fake)
    for behaviour, code in [
        ("401", "AuthFailed"),
        ("500", "Unreachable"),
        ("prose", "UnreadableAnswer"),
    ]:
        openai_fake.controls.behaviour = behaviour
        answer = client.get("/api/bookdate/recommendations", headers=user.headers)
        assert answer.status_code == 502, answer.text
        assert answer.json()["error"] == code and answer.json()["message"]
    openai_fake.controls.behaviour = "fenced"
    fenced = client.post("/api/bookdate/recommendations/refresh", headers=user.headers)
    assert fenced.status_code == 200 and fenced.json()["remaining"] == 4


def test_recommendations_when_disabled_is_503_with_message(
    client: TestClient, services: Services, openai_fake: RunningLlm, audible_fake: RunningFake
) -> None:
    admin, user = setup(client, services, openai_fake, audible_fake)
    configure(client, admin, openai_fake, enabled=False)
    answer = client.get("/api/bookdate/recommendations", headers=user.headers)
    assert answer.status_code == 503
    assert "turned off" in answer.json()["message"]


def test_preferences_validate_and_change_only_given_fields(
    client: TestClient, services: Services
) -> None:
    app: FastAPI = client.app  # type: ignore[assignment]
    user = make_user(services, app, "prefs")
    url = "/api/bookdate/preferences"
    assert client.get(url, headers=user.headers).json() == {
        "library_scope": "full",
        "custom_prompt": "",
        "onboarding_complete": False,
    }
    too_long = client.put(url, json={"custom_prompt": "x" * 1001}, headers=user.headers)
    assert too_long.status_code == 400 and "1000" in too_long.json()["message"]
    assert client.put(url, json={"library_scope": "all"}, headers=user.headers).status_code == 400
    saved = client.put(
        url, json={"library_scope": "rated", "custom_prompt": "  cosy  "}, headers=user.headers
    ).json()
    assert saved == {
        "library_scope": "rated",
        "custom_prompt": "cosy",
        "onboarding_complete": False,
    }
    done = client.put(url, json={"onboarding_complete": True}, headers=user.headers).json()
    assert done["library_scope"] == "rated" and done["onboarding_complete"] is True


def test_admin_clear_history_removes_swipes_and_cards(
    client: TestClient, services: Services, openai_fake: RunningLlm, audible_fake: RunningFake
) -> None:
    admin, user = setup(client, services, openai_fake, audible_fake, picks=2)
    cards = client.get("/api/bookdate/recommendations", headers=user.headers).json()
    body = {"recommendation_id": cards["recommendations"][0]["id"], "direction": "left"}
    client.post("/api/bookdate/swipes", json=body, headers=user.headers)
    cleared = client.delete("/api/admin/bookdate/swipes", headers=admin.headers).json()
    assert cleared == {"deleted_swipes": 1, "deleted_recommendations": 2}
    assert client.get("/api/bookdate/swipes", headers=user.headers).json()["items"] == []


def test_batches_are_throttled_per_user_before_the_paid_call(
    client: TestClient, services: Services, openai_fake: RunningLlm, audible_fake: RunningFake
) -> None:
    _, user = setup(client, services, openai_fake, audible_fake)
    app: FastAPI = client.app  # type: ignore[assignment]
    other = make_user(services, app, "other-reader")
    limit = GENERATION_THROTTLE.limit.max_hits
    for _ in range(limit):
        answer = client.post("/api/bookdate/recommendations/refresh", headers=user.headers)
        assert answer.status_code == 200, answer.text
    calls = len(openai_fake.controls.bodies)
    blocked = client.post("/api/bookdate/recommendations/refresh", headers=user.headers)
    assert blocked.status_code == 429
    assert "Too many BookDate batches" in blocked.json()["message"]
    assert len(openai_fake.controls.bodies) == calls
    # Another member of the household is not held back.
    fresh = client.post("/api/bookdate/recommendations/refresh", headers=other.headers)
    assert fresh.status_code == 200
