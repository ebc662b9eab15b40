"""plex.tv answer shapes (JSON and XML) become our value types; server access is decided on them."""

from __future__ import annotations

import httpx
import pytest

from earmark.integrations.errors import ApiChanged
from earmark.integrations.media_servers.plex.tv_api import decode_body
from earmark.integrations.media_servers.plex.tv_client import (
    as_bool,
    home_user_entries,
    to_home_user,
    to_resource,
)
from earmark.integrations.media_servers.plex_tv import PlexResource
from earmark.users.plex_login import has_server_access


def _response(text: str) -> httpx.Response:
    return httpx.Response(200, text=text)


def test_decode_body_xml_with_declaration_becomes_nested_dict() -> None:
    body = decode_body(
        _response(
            '<?xml version="1.0"?><MediaContainer size="1"><User id="7" title="Kid"/></MediaContainer>'
        )
    )
    assert body == {"MediaContainer": {"size": "1", "User": [{"id": "7", "title": "Kid"}]}}


def test_decode_body_html_raises_api_changed() -> None:
    with pytest.raises(ApiChanged, match="neither JSON nor XML"):
        decode_body(_response("plain words"))


@pytest.mark.parametrize(
    "body",
    [
        {"MediaContainer": {"User": [{"id": "1", "title": "A"}, {"id": "2", "title": "B"}]}},
        {"home": {"users": [{"user": {"id": 1, "title": "A"}}, {"user": {"id": 2, "title": "B"}}]}},
        {"users": [{"id": 1, "title": "A"}, {"id": 2, "title": "B"}]},
    ],
)
def test_home_user_entries_each_known_shape_yields_both_profiles(body: object) -> None:
    titles = [entry["title"] for entry in home_user_entries(body)]
    assert titles == ["A", "B"]


def test_home_user_entries_single_json_object_is_accepted() -> None:
    assert home_user_entries({"MediaContainer": {"User": {"id": "3"}}}) == [{"id": "3"}]


def test_to_home_user_string_flags_are_booleans() -> None:
    profile = to_home_user({"id": "5", "friendlyName": "Kid", "protected": "1", "admin": "0"})
    assert profile is not None
    assert (profile.title, profile.requires_pin, profile.is_admin) == ("Kid", True, False)


def test_to_home_user_without_id_is_skipped() -> None:
    assert to_home_user({"title": "nobody"}) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("true", True), ("0", False), (0, False), (True, True), (None, False)],
)
def test_as_bool_accepts_plex_spellings(value: object, expected: bool) -> None:
    assert as_bool(value) is expected


def test_to_resource_player_is_not_server_and_machine_identifier_fallback() -> None:
    player = to_resource({"provides": "client,player", "clientIdentifier": "p"})
    legacy = to_resource({"product": "Plex Media Server", "machineIdentifier": "m1"})
    assert not player.is_server
    assert legacy.is_server and legacy.client_identifier == "m1"


def test_has_server_access_only_for_a_server_with_the_machine_identifier() -> None:
    resources = [
        PlexResource("phone", "m1", is_server=False),
        PlexResource("srv", "m2", is_server=True),
    ]
    assert has_server_access(resources, "m2")
    assert not has_server_access(resources, "m1")
    assert not has_server_access([], "m2")
