"""Requests by title for books the catalog does not list: validation, sharing, the search job,
and a book the library already holds."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from earmark.library.models import PlexLibraryItem
from earmark.library.normalise import normalise_person, normalise_title
from earmark.queue.models import Job
from earmark.requests.models import Audiobook, Request
from earmark.wiring import Services
from tests.support import make_user

URL = "/api/requests/manual"
BOOK = {"title": "The Lighthouse Keeper's Ledger", "author": "Imogen Farrow"}


def _count(services: Services, model: type, *where: object) -> int:
    with services.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def test_manual_request_makes_a_book_without_asin_and_queues_its_search(
    client: TestClient, services: Services
) -> None:
    alice = make_user(services, client.app, "alice")
    answer = client.post(
        URL, json={**BOOK, "isbn": "978-0-306-40615-7", "year": 2019}, headers=alice.headers
    )
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["status"] == "pending"
    assert body["book"] | {"id": None} == {
        "id": None,
        "asin": None,
        "title": BOOK["title"],
        "author": BOOK["author"],
        "narrator": None,
        "cover_url": None,
        "isbn": "9780306406157",
        "year": 2019,
    }
    assert _count(services, Job, Job.type == "search_indexers") == 1
    with services.sessions() as session:
        book = session.scalars(select(Audiobook)).one()
        assert book.audible_asin is None and book.publication_year == 2019


def test_two_users_asking_for_the_same_title_share_one_book_and_one_search(
    client: TestClient, services: Services
) -> None:
    alice = make_user(services, client.app, "alice")
    bob = make_user(services, client.app, "bob")
    assert client.post(URL, json=BOOK, headers=alice.headers).status_code == 201
    shouting = {"title": BOOK["title"].upper(), "author": "  imogen   farrow "}
    assert client.post(URL, json=shouting, headers=bob.headers).status_code == 201
    assert _count(services, Audiobook) == 1
    assert _count(services, Request) == 2
    assert _count(services, Job, Job.type == "search_indexers") == 1
    again = client.post(URL, json=BOOK, headers=alice.headers)
    assert again.status_code == 409 and "already requested" in again.json()["message"]


def test_a_different_author_is_a_different_book(client: TestClient, services: Services) -> None:
    alice = make_user(services, client.app, "alice")
    assert client.post(URL, json=BOOK, headers=alice.headers).status_code == 201
    other = {"title": BOOK["title"], "author": "Someone Else"}
    assert client.post(URL, json=other, headers=alice.headers).status_code == 201
    assert _count(services, Audiobook) == 2


def test_invalid_fields_are_refused_with_a_message_naming_the_field(
    client: TestClient, services: Services
) -> None:
    alice = make_user(services, client.app, "alice")
    cases = [
        ({"title": " ", "author": "A"}, "title", "title"),
        ({"title": "T", "author": ""}, "author", "author"),
        ({**BOOK, "isbn": "12345"}, "isbn", "ISBN"),
        ({**BOOK, "year": 3000}, "year", "year"),
    ]
    for body, field, words in cases:
        answer = client.post(URL, json=body, headers=alice.headers)
        assert answer.status_code == 400, answer.text
        assert answer.json()["field"] == field
        assert words in answer.json()["message"]
    for body in ({"title": "T"}, {"title": "T", "author": "A", "year": "soon"}, {}, []):
        answer = client.post(URL, json=body, headers=alice.headers)
        assert answer.status_code in {400, 422}, answer.text
        assert answer.json()["message"]
    assert _count(services, Request) == 0


def test_signed_out_people_cannot_request_by_title(client: TestClient) -> None:
    assert client.post(URL, json=BOOK).status_code == 401


def test_a_book_the_library_holds_is_recognised_by_title_and_author(
    client: TestClient, services: Services
) -> None:
    with services.sessions.begin() as session:
        session.add(
            PlexLibraryItem(
                plex_guid="plex://album/ledger",
                library_id="1",
                title=BOOK["title"],
                author=BOOK["author"],
                title_key=normalise_title(BOOK["title"]),
                author_key=normalise_person(BOOK["author"]),
            )
        )
    alice = make_user(services, client.app, "alice")
    answer = client.post(URL, json=BOOK, headers=alice.headers)
    assert answer.status_code == 409
    assert "already in the library" in answer.json()["message"]
    assert _count(services, Request) == 0
