"""API keys: shown once, stored as a digest, sent as X-Api-Key or bearer, scoped by the owner's
role, listed with last use, revoked by their owner only."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import select, text

from earmark.users.models import ApiKey, User
from earmark.wiring import Services

Bearer = Callable[[User], dict[str, str]]


def _new_key(
    client: TestClient, headers: dict[str, str], name: str = "dashboard"
) -> dict[str, str]:
    response = client.post("/api/keys", json={"name": name}, headers=headers)
    assert response.status_code == 201, response.text
    body: dict[str, str] = response.json()
    return body


def test_key_works_as_x_api_key_and_as_bearer(
    client: TestClient, make_user: Callable[..., User], bearer: Bearer
) -> None:
    key = _new_key(client, bearer(make_user("reader")))["key"]
    for headers in ({"X-Api-Key": key}, {"Authorization": f"Bearer {key}"}):
        response = client.get("/api/auth/me", headers=headers)
        assert response.status_code == 200, response.text
        assert response.json()["user"]["username"] == "reader"


def test_writes_with_a_key_need_no_csrf_token(
    client: TestClient, make_user: Callable[..., User], bearer: Bearer
) -> None:
    key = _new_key(client, bearer(make_user("reader")))["key"]
    response = client.post("/api/keys", json={"name": "second"}, headers={"X-Api-Key": key})
    assert response.status_code == 201


def test_admin_key_reaches_admin_routes_user_key_does_not(
    client: TestClient, make_user: Callable[..., User], bearer: Bearer
) -> None:
    admin_key = _new_key(client, bearer(make_user("boss", role="admin")))["key"]
    user_key = _new_key(client, bearer(make_user("reader")))["key"]
    assert client.get("/api/admin/users", headers={"X-Api-Key": admin_key}).status_code == 200
    refused = client.get("/api/admin/users", headers={"X-Api-Key": user_key})
    assert refused.status_code == 403


def test_key_never_stored_in_plaintext(
    client: TestClient, services: Services, make_user: Callable[..., User], bearer: Bearer
) -> None:
    key = _new_key(client, bearer(make_user("reader")))["key"]
    with services.sessions() as session:
        row = session.execute(text("SELECT * FROM api_keys")).one()
    stored = " ".join(str(value) for value in row)
    assert key not in stored
    assert key[len("emk_") :] not in stored
    assert key[:10] in stored  # the short prefix shown in the list


def test_list_shows_last_use_and_never_the_key(
    client: TestClient, make_user: Callable[..., User], bearer: Bearer
) -> None:
    headers = bearer(make_user("reader"))
    created = _new_key(client, headers, "home assistant")
    before = client.get("/api/keys", headers=headers).json()["keys"]
    assert [(k["name"], k["last_used_at"]) for k in before] == [("home assistant", None)]
    assert "key" not in before[0] and created["key"].startswith(before[0]["prefix"])

    client.get("/api/auth/me", headers={"X-Api-Key": created["key"]})
    after = client.get("/api/keys", headers=headers).json()["keys"]
    assert after[0]["last_used_at"] is not None


def test_revoked_key_stops_working(
    client: TestClient, make_user: Callable[..., User], bearer: Bearer
) -> None:
    headers = bearer(make_user("reader"))
    created = _new_key(client, headers)
    assert client.delete(f"/api/keys/{created['id']}", headers=headers).status_code == 204
    response = client.get("/api/auth/me", headers={"X-Api-Key": created["key"]})
    assert response.status_code == 401
    assert response.json()["message"] == "Invalid or revoked API key."
    bearer_form = client.get("/api/auth/me", headers={"Authorization": f"Bearer {created['key']}"})
    assert bearer_form.status_code == 401


def test_users_cannot_read_or_revoke_each_others_keys(
    client: TestClient, services: Services, make_user: Callable[..., User], bearer: Bearer
) -> None:
    owner_headers = bearer(make_user("owner"))
    created = _new_key(client, owner_headers)
    other_headers = bearer(make_user("other"))
    assert client.get("/api/keys", headers=other_headers).json() == {"keys": []}
    refused = client.delete(f"/api/keys/{created['id']}", headers=other_headers)
    assert refused.status_code == 404
    with services.sessions() as session:
        assert session.scalar(select(ApiKey.id)) is not None


def test_a_disabled_owners_keys_are_refused(
    client: TestClient, make_user: Callable[..., User], bearer: Bearer
) -> None:
    admin_headers = bearer(make_user("boss", role="admin"))
    reader = make_user("reader")
    key = _new_key(client, bearer(reader))["key"]
    client.post(f"/api/admin/users/{reader.id}/disable", headers=admin_headers)
    assert client.get("/api/auth/me", headers={"X-Api-Key": key}).status_code == 401
    client.post(f"/api/admin/users/{reader.id}/enable", headers=admin_headers)
    assert client.get("/api/auth/me", headers={"X-Api-Key": key}).status_code == 200


def test_unknown_key_is_401(client: TestClient) -> None:
    response = client.get("/api/auth/me", headers={"X-Api-Key": "emk_not-a-real-key"})
    assert response.status_code == 401
