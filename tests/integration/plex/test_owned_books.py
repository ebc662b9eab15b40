"""Acceptance: a book the household owns, present in Plex only as a real-shaped album (no
duration, narrator in Style, an Audnexus GUID), is recognised when someone requests it, and
nothing is downloaded. The library comes from the fake Plex through our real client; the
request goes through the JSON API."""

from __future__ import annotations

import logging

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from earmark.demo.fakes.plex_server import FakePlexLibrary
from earmark.integrations.media_servers import ServerLibrary
from earmark.integrations.media_servers.plex.client import PlexMediaServer
from earmark.library.scan import scan_library
from earmark.queue.models import Job
from earmark.requests.models import Request
from earmark.wiring import Services
from tests.support import add_catalog_book, make_user

log = logging.getLogger("test.owned")
US_ASIN = "B08BX5DDPC"  # the edition Audible offers the household
UK_ASIN = "B08C4RR4MS"  # the edition the Audnexus agent matched in Plex


def _count(services: Services, model: type, *where: object) -> int:
    with services.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _scan(services: Services, plex: PlexMediaServer) -> None:
    report = scan_library(services, plex, ServerLibrary(library_id="1"), log)
    assert report.total_scanned > 0


def _request(client: TestClient, services: Services, asin: str) -> tuple[int, str]:
    alice = make_user(services, client.app, "alice")  # type: ignore[arg-type]
    answer = client.post("/api/requests", json={"asin": asin}, headers=alice.headers)
    return answer.status_code, answer.text


def test_owned_book_of_another_region_with_narrator_in_style_is_not_downloaded(
    client: TestClient, services: Services, fake_plex: FakePlexLibrary, plex: PlexMediaServer
) -> None:
    fake_plex.add_album(
        "/audiobooks/Susanna Clarke/Piranesi",
        "Piranesi",
        "Susanna Clarke",
        narrators=("Chiwetel Ejiofor",),
        asin=UK_ASIN,
        guid_form="audnexus",
        region="uk",
        track_minutes=(240, 362),  # 602 minutes in all; the album itself has no duration
    )
    _scan(services, plex)
    add_catalog_book(services, US_ASIN, "Piranesi", "Susanna Clarke", "Chiwetel Ejiofor")

    status, body = _request(client, services, US_ASIN)

    assert status == 409, body
    assert "already in the library" in body
    assert _count(services, Request) == 0
    assert _count(services, Job, Job.type == "search_indexers") == 0


def test_owned_book_matched_by_the_newer_audnexus_provider_is_not_downloaded(
    client: TestClient, services: Services, fake_plex: FakePlexLibrary, plex: PlexMediaServer
) -> None:
    fake_plex.add_album(
        "/audiobooks/Susanna Clarke/Piranesi",
        "Piranesi",
        "Susanna Clarke",
        narrators=("Chiwetel Ejiofor",),
        asin=US_ASIN,
        guid_form="audnexus_provider",
    )
    _scan(services, plex)
    add_catalog_book(services, US_ASIN, "Piranesi", "Susanna Clarke", "Chiwetel Ejiofor")

    status, body = _request(client, services, US_ASIN)

    assert status == 409, body
    assert _count(services, Request) == 0


def test_owned_book_plex_matched_itself_by_title_and_author_is_not_downloaded(
    client: TestClient, services: Services, fake_plex: FakePlexLibrary, plex: PlexMediaServer
) -> None:
    # Plex's music agent: a plex:// GUID, no ASIN, no narrator; a tagger's title.
    fake_plex.add_album(
        "/audiobooks/Susanna Clarke/Piranesi",
        "Piranesi (Unabridged)",
        "Clarke, Susanna",
        track_minutes=(300, 297),
    )
    _scan(services, plex)
    add_catalog_book(services, US_ASIN, "Piranesi", "Susanna Clarke", "Chiwetel Ejiofor")

    status, body = _request(client, services, US_ASIN)

    assert status == 409, body
    assert _count(services, Request) == 0


def test_a_much_shorter_album_of_the_same_title_does_not_stop_the_download(
    client: TestClient, services: Services, fake_plex: FakePlexLibrary, plex: PlexMediaServer
) -> None:
    # An hour-long album cannot be the ten-hour book (an abridgement, a sample, a part).
    fake_plex.add_album(
        "/audiobooks/Susanna Clarke/Piranesi", "Piranesi", "Susanna Clarke", track_minutes=(60,)
    )
    _scan(services, plex)
    add_catalog_book(services, US_ASIN, "Piranesi", "Susanna Clarke", "Chiwetel Ejiofor")

    status, body = _request(client, services, US_ASIN)

    assert status == 201, body


def test_another_book_of_the_author_in_plex_does_not_stop_the_download(
    client: TestClient, services: Services, fake_plex: FakePlexLibrary, plex: PlexMediaServer
) -> None:
    fake_plex.add_album(
        "/audiobooks/Susanna Clarke/Jonathan Strange & Mr Norrell",
        "Jonathan Strange & Mr Norrell",
        "Susanna Clarke",
        narrators=("Simon Prebble",),
        asin="B0030DN6C8",
    )
    _scan(services, plex)
    add_catalog_book(services, US_ASIN, "Piranesi", "Susanna Clarke", "Chiwetel Ejiofor")

    status, body = _request(client, services, US_ASIN)

    assert status == 201, body
    assert _count(services, Job, Job.type == "search_indexers") == 1
