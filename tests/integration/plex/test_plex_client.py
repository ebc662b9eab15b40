"""Our Plex Media Server client against the fake server built from a real folder."""

from __future__ import annotations

import httpx
import pytest

from earmark.demo.fakes.plex_server import MACHINE_ID, FakePlexLibrary
from earmark.demo.fakes.server import free_port
from earmark.integrations.errors import AuthFailed, Unreachable
from earmark.integrations.media_servers.plex.client import PlexMediaServer
from earmark.integrations.media_servers.plex.settings import PlexServerSettings
from tests.integration.plex.conftest import BookShelf


def test_plex_test_valid_token_reports_libraries(plex: PlexMediaServer) -> None:
    report = plex.test()

    assert report.ok
    assert report.details["machine_identifier"] == MACHINE_ID
    assert report.details["libraries"] == [{"id": "1", "title": "Audiobooks", "type": "artist"}]


def test_plex_test_wrong_token_reports_refusal(plex_url: str) -> None:
    with httpx.Client() as http:
        settings = PlexServerSettings(url=plex_url + "/", token="wrong")
        report = PlexMediaServer.from_settings(http, settings).test()

    assert not report.ok
    assert "token was refused" in report.message


def test_plex_identity_wrong_token_raises_auth_failed(plex_url: str) -> None:
    with httpx.Client() as http:
        server = PlexMediaServer.from_settings(http, PlexServerSettings(url=plex_url, token="x"))
        with pytest.raises(AuthFailed):
            server.identity()


def test_plex_identity_nothing_listening_raises_unreachable() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with httpx.Client() as http:
        server = PlexMediaServer.from_settings(http, PlexServerSettings(url=url, token="t"))
        with pytest.raises(Unreachable):
            server.identity()


def test_plex_iter_items_small_pages_returns_every_book_with_files(
    shelf: BookShelf, fake_plex: FakePlexLibrary, plex: PlexMediaServer
) -> None:
    for number in range(5):
        shelf.add("Ann Leckie", f"Radch {number}", tracks=2)
    dune = shelf.add("Frank Herbert", "Dune", asin="B002V1OF70", narrator="Scott Brick", year=2006)
    fake_plex.rescan()

    items = list(plex.iter_items("1", page_size=2))

    assert len(items) == 6
    by_title = {item.title: item for item in items}
    assert by_title["Dune"].asin == "B002V1OF70"
    assert by_title["Dune"].author == "Frank Herbert"
    assert by_title["Dune"].narrator == "Scott Brick"
    assert by_title["Dune"].year == 2006
    assert by_title["Dune"].file_paths == (str(dune / "01 - Dune.mp3"),)
    # Albums carry no duration: the book's length is its tracks' lengths added up.
    [dune_album] = [album for album in fake_plex.albums() if album.title == "Dune"]
    assert by_title["Dune"].duration_ms == sum(track.duration_ms for track in dune_album.tracks)
    assert by_title["Radch 0"].duration_ms == 2 * by_title["Dune"].duration_ms
    # Two tracks in one folder: one representative file per folder.
    assert len(by_title["Radch 0"].file_paths) == 1
    assert by_title["Radch 0"].asin is None


def test_plex_scan_with_path_makes_new_folder_visible(
    shelf: BookShelf, fake_plex: FakePlexLibrary, plex: PlexMediaServer
) -> None:
    shelf.add("Ann Leckie", "Ancillary Justice")
    fake_plex.rescan()
    folder = shelf.add("Ann Leckie", "Ancillary Sword")

    assert [item.title for item in plex.recently_added("1")] == ["Ancillary Justice"]
    plex.scan("1", str(folder))
    newest = plex.recently_added("1", limit=1)

    assert fake_plex.refreshes == [str(folder)]
    assert [item.title for item in newest] == ["Ancillary Sword"]
    assert newest[0].file_paths[0].startswith(str(folder))


def test_plex_list_libraries_reports_folder_locations(
    shelf: BookShelf, plex: PlexMediaServer
) -> None:
    [section] = plex.list_libraries()

    assert section.key == "1"
    assert section.locations == (str(shelf.root),)


def test_fake_plex_without_json_accept_answers_xml(plex_url: str) -> None:
    answer = httpx.get(plex_url + "/identity", headers={"X-Plex-Token": "plex-test-token-123"})

    assert answer.headers["content-type"].startswith("text/xml")
    assert f'machineIdentifier="{MACHINE_ID}"' in answer.text
