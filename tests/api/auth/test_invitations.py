"""Invitation links: admins create them with a role and lifetime, the invitee redeems one once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select, update

from earmark.users.invitations import token_hash
from earmark.users.models import Invitation, User
from earmark.wiring import Services

Bearer = Callable[[User], dict[str, str]]
PASSWORD = "a long enough secret"


def _invite(client: TestClient, headers: dict[str, str], role: str = "user") -> dict[str, str]:
    response = client.post(
        "/api/admin/invitations", json={"role": role, "expires_in_hours": 24}, headers=headers
    )
    assert response.status_code == 201, response.text
    body: dict[str, str] = response.json()
    return body


def _accept(client: TestClient, token: str, name: str) -> Response:
    response = client.post(
        f"/api/invitations/{token}/accept", json={"username": name, "password": PASSWORD}
    )
    client.cookies.clear()
    return response


def test_invitee_picks_a_name_and_gets_the_chosen_role(
    client: TestClient, services: Services, make_user: Callable[..., User], bearer: Bearer
) -> None:
    created = _invite(client, bearer(make_user("boss", role="admin")), role="admin")
    assert created["path"] == f"/invite/{created['token']}"
    check = client.get(f"/api/invitations/{created['token']}")
    assert check.status_code == 200 and check.json()["role"] == "admin"

    response = client.post(
        f"/api/invitations/{created['token']}/accept",
        json={"username": "Partner", "password": PASSWORD},
    )
    assert response.status_code == 200, response.text
    assert response.json()["user"]["role"] == "admin"
    client.cookies.clear()
    headers = {"Authorization": f"Bearer {response.json()['access_token']}"}
    assert client.get("/api/admin/users", headers=headers).status_code == 200
    signed_in = client.post(
        "/api/auth/local/login", json={"username": "partner", "password": PASSWORD}
    )
    assert signed_in.status_code == 200


def test_the_token_is_stored_hashed(
    client: TestClient, services: Services, make_user: Callable[..., User], bearer: Bearer
) -> None:
    token = _invite(client, bearer(make_user("boss", role="admin")))["token"]
    with services.sessions() as session:
        stored = session.scalars(select(Invitation.token_hash)).all()
    assert stored == [token_hash(token)]
    assert token not in stored[0]


def test_a_used_invitation_is_refused_with_a_clear_message(
    client: TestClient, make_user: Callable[..., User], bearer: Bearer
) -> None:
    token = _invite(client, bearer(make_user("boss", role="admin")))["token"]
    assert _accept(client, token, "first").status_code == 200
    again = client.post(
        f"/api/invitations/{token}/accept", json={"username": "second", "password": PASSWORD}
    )
    assert again.status_code == 409
    assert again.json()["message"] == (
        "This invitation has already been used; ask an admin for a new one."
    )
    assert "already been used" in client.get(f"/api/invitations/{token}").json()["message"]


def test_an_expired_invitation_is_refused_with_a_clear_message(
    client: TestClient, services: Services, make_user: Callable[..., User], bearer: Bearer
) -> None:
    token = _invite(client, bearer(make_user("boss", role="admin")))["token"]
    with services.sessions() as session:
        session.execute(
            update(Invitation).values(expires_at=services.clock.now() - timedelta(minutes=1))
        )
        session.commit()
    response = client.post(
        f"/api/invitations/{token}/accept", json={"username": "late", "password": PASSWORD}
    )
    assert response.status_code == 409
    assert response.json()["message"] == "This invitation has expired; ask an admin for a new one."
    with services.sessions() as session:
        assert session.scalar(select(User).where(User.plex_username == "late")) is None


def test_an_unknown_or_revoked_link_is_not_found(
    client: TestClient, make_user: Callable[..., User], bearer: Bearer
) -> None:
    headers = bearer(make_user("boss", role="admin"))
    created = _invite(client, headers)
    listed = client.get("/api/admin/invitations", headers=headers).json()["invitations"]
    assert [item["id"] for item in listed] == [created["id"]]
    assert "token" not in listed[0]
    revoked = client.delete(f"/api/admin/invitations/{created['id']}", headers=headers)
    assert revoked.status_code == 204
    response = client.get(f"/api/invitations/{created['token']}")
    assert response.status_code == 404
    assert "not valid" in response.json()["message"]


def test_a_taken_name_leaves_the_invitation_usable(
    client: TestClient, make_user: Callable[..., User], bearer: Bearer
) -> None:
    headers = bearer(make_user("boss", role="admin"))
    token = _invite(client, headers)["token"]
    assert _accept(client, token, "first").status_code == 200
    second = _invite(client, headers)["token"]
    taken = client.post(
        f"/api/invitations/{second}/accept", json={"username": "FIRST", "password": PASSWORD}
    )
    assert taken.status_code == 409 and "already an account" in taken.json()["message"]
    assert client.get(f"/api/invitations/{second}").status_code == 200


def test_a_user_cannot_create_invitations(
    client: TestClient, make_user: Callable[..., User], bearer: Bearer
) -> None:
    response = client.post(
        "/api/admin/invitations", json={"role": "admin"}, headers=bearer(make_user("reader"))
    )
    assert response.status_code == 403


def test_invitation_attempts_are_throttled_per_address(client: TestClient) -> None:
    answers = [client.get(f"/api/invitations/guess-{n}").status_code for n in range(31)]
    assert answers[:30] == [404] * 30
    assert answers[30] == 429


def test_invitation_lifetime_stays_between_an_hour_and_thirty_days(
    client: TestClient, make_user: Callable[..., User], bearer: Bearer
) -> None:
    headers = bearer(make_user("boss", role="admin"))
    for hours in (0, 721):
        response = client.post(
            "/api/admin/invitations", json={"expires_in_hours": hours}, headers=headers
        )
        assert response.status_code == 422, hours
    assert client.get("/api/admin/invitations", headers=headers).json() == {"invitations": []}
