"""Our plex.tv client against the fake plex.tv: PINs, account, resources, Home users, switch."""

from __future__ import annotations

import httpx
import pytest

from earmark.demo.fakes.plex_tv import FakePlexTv, HomeFormat
from earmark.demo.fakes.server import free_port
from earmark.integrations.errors import AuthFailed, NotFoundUpstream, Unreachable
from earmark.integrations.media_servers.plex.tv_client import PlexTvClient
from earmark.integrations.media_servers.plex_tv import WrongProfilePin

CLIENT_ID = "earmark-test-client"


@pytest.fixture
def plex(http: httpx.Client, plex_fake_url: str) -> PlexTvClient:
    return PlexTvClient(http, plex_fake_url + "/", CLIENT_ID)


def test_pin_create_then_poll_sees_token_after_authorization(
    plex: PlexTvClient, plex_fake: FakePlexTv
) -> None:
    pin = plex.create_pin()
    assert plex.get_pin(pin.id).auth_token is None
    account = plex_fake.add_account("alice")
    plex_fake.authorize_pin(pin.id, account)
    assert plex.get_pin(pin.id).auth_token == account.token


def test_every_call_identifies_earmark(plex: PlexTvClient, plex_fake: FakePlexTv) -> None:
    plex.create_pin()
    headers = plex_fake.requests[-1].headers
    assert headers["x-plex-client-identifier"] == CLIENT_ID
    assert headers["x-plex-product"] == "Earmark"
    assert headers["accept"] == "application/json"


def test_pin_of_another_client_is_not_found(http: httpx.Client, plex_fake_url: str) -> None:
    pin = PlexTvClient(http, plex_fake_url, "someone-else").create_pin()
    with pytest.raises(NotFoundUpstream):
        PlexTvClient(http, plex_fake_url, CLIENT_ID).get_pin(pin.id)


def test_auth_url_carries_client_code_and_product(plex: PlexTvClient) -> None:
    url = plex.auth_url("abc123")
    assert url.startswith("https://app.plex.tv/auth#?clientID=earmark-test-client&code=abc123")
    assert "context%5Bdevice%5D%5Bproduct%5D=Earmark" in url


def test_get_account_reads_identity(plex: PlexTvClient, plex_fake: FakePlexTv) -> None:
    account = plex_fake.add_account("bob", email="bob@example.test")
    found = plex.get_account(account.token)
    assert (found.id, found.username, found.email) == (str(account.id), "bob", "bob@example.test")
    assert plex_fake.requests[-1].headers["x-plex-token"] == account.token


def test_get_account_bad_token_is_auth_failed_with_restart_hint(plex: PlexTvClient) -> None:
    with pytest.raises(AuthFailed, match="start the Plex sign-in again"):
        plex.get_account("not-a-token")


def test_list_resources_marks_servers(plex: PlexTvClient, plex_fake: FakePlexTv) -> None:
    account = plex_fake.add_account("carol", servers=["machine-1"])
    resources = plex.list_resources(account.token)
    servers = [r.client_identifier for r in resources if r.is_server]
    assert servers == ["machine-1"]
    assert any(not r.is_server for r in resources)


@pytest.mark.parametrize("home_format", ["xml", "json_container", "json_home", "json_users"])
def test_list_home_users_every_answer_shape(
    plex: PlexTvClient, plex_fake: FakePlexTv, home_format: HomeFormat
) -> None:
    plex_fake.home_format = home_format
    owner = plex_fake.add_account("dave")
    kid = plex_fake.add_home_profile(owner, "Kid", pin="1234")
    profiles = plex.list_home_users(owner.token)
    assert [(p.id, p.title, p.requires_pin, p.is_admin) for p in profiles] == [
        (str(owner.id), "dave", False, True),
        (str(kid.id), "Kid", True, False),
    ]


@pytest.mark.parametrize("home_format", ["xml", "json_users"])
def test_switch_home_user_returns_profile_token(
    plex: PlexTvClient, plex_fake: FakePlexTv, home_format: HomeFormat
) -> None:
    plex_fake.home_format = home_format
    owner = plex_fake.add_account("erin")
    kid = plex_fake.add_home_profile(owner, "Kid", pin="1234")
    assert plex.switch_home_user(owner.token, str(kid.id), "1234") == kid.token


def test_switch_home_user_wrong_pin_is_wrong_profile_pin(
    plex: PlexTvClient, plex_fake: FakePlexTv
) -> None:
    owner = plex_fake.add_account("frank")
    kid = plex_fake.add_home_profile(owner, "Kid", pin="1234")
    with pytest.raises(WrongProfilePin):
        plex.switch_home_user(owner.token, str(kid.id), "9999")


def test_unreachable_plex_tv_is_reported(http: httpx.Client) -> None:
    plex = PlexTvClient(http, f"http://127.0.0.1:{free_port()}", CLIENT_ID)
    with pytest.raises(Unreachable, match="cannot connect"):
        plex.create_pin()
