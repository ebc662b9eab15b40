"""Plex PIN sign-in through our API against the fake plex.tv: access check, Home profiles, secrets."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import inspect, select, text

from earmark.demo.fakes.plex_tv import FakeAccount, FakePlexTv
from earmark.users.models import User
from earmark.users.rate_limit import PLEX_SIGN_IN_THROTTLE
from earmark.wiring import Services

PROFILE_PIN = "4321"


def _start(client: TestClient) -> dict[str, str]:
    response = client.post("/api/auth/plex/pin")
    assert response.status_code == 200, response.text
    body: dict[str, str] = response.json()
    return body


def _poll(client: TestClient, pin_id: str) -> tuple[int, dict[str, object]]:
    response = client.get(f"/api/auth/plex/pin/{pin_id}")
    return response.status_code, response.json()


def _home(plex_fake: FakePlexTv, machine_id: str) -> tuple[FakeAccount, FakeAccount]:
    owner = plex_fake.add_account("owner", servers=[machine_id])
    kid = plex_fake.add_home_profile(owner, "Kid", pin=PROFILE_PIN)
    return owner, kid


def test_plex_login_without_plex_configured_is_503(client: TestClient) -> None:
    response = client.post("/api/auth/plex/pin")
    assert response.status_code == 503
    assert "configure Plex" in response.json()["message"]


def test_plex_login_full_flow_signs_in_and_stores_user(
    client: TestClient, plex_fake: FakePlexTv, plex_configured: str, services: Services
) -> None:
    started = _start(client)
    assert started["auth_url"].startswith("https://app.plex.tv/auth#?clientID=earmark-")
    assert _poll(client, started["pin_id"]) == (
        202,
        {
            "authorized": False,
            "requires_profile_selection": False,
            "profiles": [],
            "access_token": None,
            "refresh_token": None,
            "user": None,
        },
    )
    account = plex_fake.add_account("listener", servers=[plex_configured])
    plex_fake.authorize_pin(int(started["pin_id"]), account)
    status, body = _poll(client, started["pin_id"])
    assert status == 200 and body["authorized"] is True and body["access_token"]
    assert client.get("/api/auth/me").json()["user"]["plex_id"] == str(account.id)
    with services.sessions() as session:
        user = session.scalar(select(User).where(User.plex_id == str(account.id)))
        assert user is not None and user.last_login_at is not None
        assert user.plex_email == account.email and user.role == "user"
        assert services.cipher.decrypt(user.auth_token or "") == account.token


def test_plex_login_repeated_sign_in_updates_same_row(
    client: TestClient, plex_fake: FakePlexTv, plex_configured: str, services: Services
) -> None:
    account = plex_fake.add_account("repeat", servers=[plex_configured])
    for new_name in ("repeat", "renamed"):
        account.username = new_name
        started = _start(client)
        plex_fake.authorize_pin(int(started["pin_id"]), account)
        assert _poll(client, started["pin_id"])[0] == 200
    with services.sessions() as session:
        names = session.scalars(
            select(User.plex_username).where(User.plex_id == str(account.id))
        ).all()
    assert names == ["renamed"]


def test_plex_login_denied_user_gets_clear_message_and_no_row(
    client: TestClient, plex_fake: FakePlexTv, plex_configured: str, services: Services
) -> None:
    started = _start(client)
    stranger = plex_fake.add_account("stranger", servers=["some-other-server"])
    plex_fake.authorize_pin(int(started["pin_id"]), stranger)
    status, body = _poll(client, started["pin_id"])
    assert status == 403
    assert body["error"] == "AccessDenied"
    assert "Ask the server owner to share the server" in str(body["message"])
    with services.sessions() as session:
        assert session.scalar(select(User).where(User.plex_id == str(stranger.id))) is None


def test_plex_poll_from_another_browser_is_refused(
    client: TestClient, plex_fake: FakePlexTv, plex_configured: str
) -> None:
    started = _start(client)
    plex_fake.authorize_pin(
        int(started["pin_id"]), plex_fake.add_account("victim", servers=[plex_configured])
    )
    client.cookies.clear()
    status, body = _poll(client, started["pin_id"])
    assert status == 401
    assert "start the Plex sign-in again" in str(body["message"])
    header = {"X-Plex-Login-Secret": started["login_secret"]}
    assert client.get(f"/api/auth/plex/pin/{started['pin_id']}", headers=header).status_code == 200


def test_plex_home_profile_choice_with_right_pin_signs_in_as_profile(
    client: TestClient, plex_fake: FakePlexTv, plex_configured: str, services: Services
) -> None:
    owner, kid = _home(plex_fake, plex_configured)
    started = _start(client)
    plex_fake.authorize_pin(int(started["pin_id"]), owner)
    status, body = _poll(client, started["pin_id"])
    assert (
        status == 200
        and body["requires_profile_selection"] is True
        and body["access_token"] is None
    )
    profiles = {p["title"]: p for p in body["profiles"]}  # type: ignore[attr-defined]
    assert profiles["Kid"]["requires_pin"] is True
    assert client.get("/api/auth/me").status_code == 401
    chosen = client.post(
        "/api/auth/plex/profile",
        json={"pin_id": started["pin_id"], "user_id": str(kid.id), "pin": PROFILE_PIN},
    )
    assert chosen.status_code == 200, chosen.text
    me = client.get("/api/auth/me").json()["user"]
    assert (me["plex_id"], me["username"], me["plex_home_user_id"]) == (
        str(kid.id),
        "Kid",
        str(kid.id),
    )
    with services.sessions() as session:
        stored = session.scalar(select(User).where(User.plex_id == str(kid.id)))
        assert stored is not None and services.cipher.decrypt(stored.auth_token or "") == kid.token


def test_plex_home_profile_wrong_pin_is_401_and_retry_works(
    client: TestClient, plex_fake: FakePlexTv, plex_configured: str
) -> None:
    owner, kid = _home(plex_fake, plex_configured)
    started = _start(client)
    plex_fake.authorize_pin(int(started["pin_id"]), owner)
    _poll(client, started["pin_id"])
    choice = {"pin_id": started["pin_id"], "user_id": str(kid.id), "pin": "0000"}
    wrong = client.post("/api/auth/plex/profile", json=choice)
    assert wrong.status_code == 401
    assert wrong.json() == {
        "error": "InvalidPIN",
        "message": "That PIN is not right for this Plex Home profile; try again.",
    }
    assert (
        client.post("/api/auth/plex/profile", json={**choice, "pin": PROFILE_PIN}).status_code
        == 200
    )


def test_plex_home_profile_outside_the_home_is_refused(
    client: TestClient, plex_fake: FakePlexTv, plex_configured: str
) -> None:
    owner, _ = _home(plex_fake, plex_configured)
    outsider = plex_fake.add_account("outsider", servers=[plex_configured])
    started = _start(client)
    plex_fake.authorize_pin(int(started["pin_id"]), owner)
    _poll(client, started["pin_id"])
    response = client.post(
        "/api/auth/plex/profile", json={"pin_id": started["pin_id"], "user_id": str(outsider.id)}
    )
    assert response.status_code == 400
    assert client.get("/api/auth/me").status_code == 401


def test_plex_profile_choice_without_pending_login_is_401(
    client: TestClient, plex_configured: str
) -> None:
    response = client.post("/api/auth/plex/profile", json={"pin_id": "123", "user_id": "1"})
    assert response.status_code == 401


def test_database_holds_no_plaintext_plex_token_or_password(
    client: TestClient,
    plex_fake: FakePlexTv,
    plex_configured: str,
    services: Services,
    setup_admin: object,
) -> None:
    owner, kid = _home(plex_fake, plex_configured)
    started = _start(client)
    plex_fake.authorize_pin(int(started["pin_id"]), owner)
    _poll(client, started["pin_id"])
    dump_mid_choice = _dump_database(services)
    client.post(
        "/api/auth/plex/profile",
        json={"pin_id": started["pin_id"], "user_id": str(kid.id), "pin": PROFILE_PIN},
    )
    dump = dump_mid_choice + _dump_database(services)
    for secret in (owner.token, kid.token, "correct horse battery", started["login_secret"]):
        assert secret not in dump
    assert "enc:v1:" in dump


def _dump_database(services: Services) -> str:
    parts: list[str] = []
    with services.engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                parts.append(repr(tuple(row)))
    return "\n".join(parts)


def test_starting_plex_sign_ins_is_throttled_per_address(
    client: TestClient, plex_fake: FakePlexTv, plex_configured: str
) -> None:
    for _ in range(PLEX_SIGN_IN_THROTTLE.limit.max_hits):
        _start(client)
    pins_made = len(plex_fake.pins)
    blocked = client.post("/api/auth/plex/pin")
    assert blocked.status_code == 429
    assert "Too many Plex sign-ins started" in blocked.json()["message"]
    assert len(plex_fake.pins) == pins_made


def test_disabled_plex_user_cannot_sign_in_again(
    client: TestClient, plex_fake: FakePlexTv, plex_configured: str, services: Services
) -> None:
    account = plex_fake.add_account("benched", servers=[plex_configured])
    started = _start(client)
    plex_fake.authorize_pin(int(started["pin_id"]), account)
    assert _poll(client, started["pin_id"])[0] == 200
    with services.sessions() as session:
        user = session.scalar(select(User).where(User.plex_id == str(account.id)))
        assert user is not None
        user.disabled = True
        session.commit()
    client.cookies.clear()
    again = _start(client)
    plex_fake.authorize_pin(int(again["pin_id"]), account)
    status, body = _poll(client, again["pin_id"])
    assert status == 401
    assert body["error"] == "AccountDisabled"
    assert "disabled" in str(body["message"])
