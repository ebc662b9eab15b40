"""Sign-in with an Audiobookshelf login, against the real server through Earmark's API."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from earmark.users.models import User
from earmark.wiring import Services
from tests.harness.audiobookshelf import ROOT_PASSWORD, ROOT_USERNAME, AudiobookshelfDaemon

LOGIN = "/api/auth/server/login"
LISTENER, LISTENER_PASSWORD = "Reader", "reader-password"


@pytest.fixture(scope="package")
def listener(audiobookshelf: AudiobookshelfDaemon) -> str:
    return str(audiobookshelf.create_user(LISTENER, LISTENER_PASSWORD)["id"])


@pytest.fixture
def abs_chosen(services: Services, audiobookshelf: AudiobookshelfDaemon) -> AudiobookshelfDaemon:
    services.config.set_many(
        {
            "media_server.kind": "audiobookshelf",
            "audiobookshelf.server_url": audiobookshelf.url,
            "audiobookshelf.api_key": audiobookshelf.api_key,
            "audiobookshelf.library_id": audiobookshelf.library_id,
        }
    )
    return audiobookshelf


def _account(services: Services, plex_id: str) -> User:
    with services.sessions() as session:
        return session.scalars(select(User).where(User.plex_id == plex_id)).one()


def test_sign_in_creates_a_linked_account_and_keeps_the_token_encrypted(
    client: TestClient, services: Services, abs_chosen: AudiobookshelfDaemon, listener: str
) -> None:
    answer = client.post(LOGIN, json={"username": LISTENER, "password": LISTENER_PASSWORD})

    assert answer.status_code == 200, answer.text
    assert answer.json()["user"]["role"] == "user"
    account = _account(services, f"audiobookshelf-{listener}")
    assert account.plex_username == LISTENER
    assert account.auth_token is not None and account.auth_token.startswith("enc:v1:")
    assert client.get("/api/auth/me").json()["user"]["username"] == LISTENER

    again = client.post(LOGIN, json={"username": LISTENER, "password": LISTENER_PASSWORD})
    assert again.json()["user"]["id"] == answer.json()["user"]["id"]


def test_root_user_starts_as_an_earmark_user_unless_the_admin_says_so(
    client: TestClient, services: Services, abs_chosen: AudiobookshelfDaemon
) -> None:
    root = client.post(LOGIN, json={"username": ROOT_USERNAME, "password": ROOT_PASSWORD})
    assert root.json()["user"]["role"] == "user"

    with services.sessions() as session:
        session.delete(
            session.get_one(User, _account(services, f"audiobookshelf-{abs_chosen.root_id}").id)
        )
        session.commit()
    services.config.set("media_server.server_admins_are_admins", True)
    promoted = client.post(LOGIN, json={"username": ROOT_USERNAME, "password": ROOT_PASSWORD})
    assert promoted.json()["user"]["role"] == "admin"


def test_wrong_password_is_401_and_repeated_failures_are_throttled(
    client: TestClient, abs_chosen: AudiobookshelfDaemon, listener: str
) -> None:
    wrong = {"username": LISTENER, "password": "not-the-password"}
    answers = [client.post(LOGIN, json=wrong) for _ in range(6)]

    assert [a.status_code for a in answers[:5]] == [401] * 5
    assert answers[0].json()["message"] == "Invalid username or password."
    assert answers[5].status_code == 429
    right = {"username": LISTENER, "password": LISTENER_PASSWORD}
    assert client.post(LOGIN, json=right).status_code == 429


def test_sign_in_page_offers_audiobookshelf_only_when_it_is_the_server(
    client: TestClient, services: Services, audiobookshelf: AudiobookshelfDaemon
) -> None:
    services.config.set("setup.completed", True)
    plex_page = client.get("/login").text
    assert 'data-testid="server-login"' not in plex_page
    assert 'data-testid="plex-login"' in plex_page

    services.config.set_many(
        {
            "media_server.kind": "audiobookshelf",
            "audiobookshelf.server_url": audiobookshelf.url,
            "audiobookshelf.api_key": audiobookshelf.api_key,
        }
    )
    abs_page = client.get("/login").text
    assert "Sign in with Audiobookshelf" in abs_page
    assert 'data-testid="plex-login"' not in abs_page


def test_sign_in_without_audiobookshelf_configured_is_404(client: TestClient) -> None:
    answer = client.post(LOGIN, json={"username": "someone", "password": "whatever1"})

    assert answer.status_code == 404
    assert answer.json()["message"] == "Signing in with the media server is not set up here."
