"""Admins search the library cache and link a waiting request to the item by hand."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from earmark.db.engine import transaction
from earmark.integrations.media_servers import LibraryItem
from earmark.library import cache_repository
from earmark.requests.models import Audiobook, Request, RequestStatusChange
from earmark.wiring import Services
from tests.support import SignedIn, make_user

LIBRARY = [
    LibraryItem(
        guid="plex://album/aj", item_key="1", title="Ancillary Justice", author="Ann Leckie"
    ),
    LibraryItem(guid="plex://album/as", item_key="2", title="Ancillary Sword", author="Ann Leckie"),
    LibraryItem(
        guid="plex://album/asr", item_key="3", title="All Systems Red", author="Martha Wells"
    ),
]


@pytest.fixture
def admin(client: TestClient, services: Services) -> SignedIn:
    """An admin, with LIBRARY in the Plex library cache."""
    with transaction(services.sessions) as session:
        cache_repository.upsert_items(session, LIBRARY, "1", datetime(2026, 1, 1, tzinfo=UTC))
    return make_user(services, client.app, "admin", "admin")  # type: ignore[arg-type]


@pytest.fixture
def reader(client: TestClient, services: Services) -> SignedIn:
    return make_user(services, client.app, "reader")  # type: ignore[arg-type]


def _request(services: Services, user: SignedIn, book: Audiobook, status: str) -> uuid.UUID:
    with transaction(services.sessions) as session:
        request = Request(user_id=user.user.id, audiobook_id=book.id, status=status)
        session.add(request)
        session.flush()
        return request.id


def _book(services: Services, title: str) -> Audiobook:
    with transaction(services.sessions) as session:
        book = Audiobook(title=title, author="A. Leckie")
        session.add(book)
        session.flush()
        return book


def _status(services: Services, request_id: uuid.UUID) -> str:
    with services.sessions() as session:
        return session.get_one(Request, request_id).status


def test_search_library_finds_every_word_best_match_first(
    client: TestClient, admin: SignedIn
) -> None:

    found = client.get("/api/library/items?q=leckie%20sword", headers=admin.headers)
    by_author = client.get("/api/library/items?q=Leckie", headers=admin.headers)
    nothing = client.get("/api/library/items?q=%20!!%20", headers=admin.headers)

    assert found.status_code == 200
    assert [item["title"] for item in found.json()["items"]] == ["Ancillary Sword"]
    assert {item["title"] for item in by_author.json()["items"]} == {
        "Ancillary Justice",
        "Ancillary Sword",
    }
    assert nothing.json()["items"] == []


def test_search_library_without_query_is_a_clear_422(client: TestClient, admin: SignedIn) -> None:

    response = client.get("/api/library/items", headers=admin.headers)

    assert response.status_code == 422
    assert response.json()["message"].startswith("query.q:")


def test_link_marks_every_request_waiting_for_the_book_available(
    client: TestClient, services: Services, admin: SignedIn, reader: SignedIn
) -> None:
    friend = make_user(services, client.app, "friend")  # type: ignore[arg-type]
    book = _book(services, "Justice (Imperial Radch 1)")
    first = _request(services, reader, book, "downloaded")
    follower = _request(services, friend, book, "warn")

    response = client.post(
        f"/api/requests/{first}/link-library-item",
        json={"plex_guid": "plex://album/aj"},
        headers=admin.headers,
    )

    assert response.status_code == 200
    assert response.json()["status"] == "available"
    assert _status(services, follower) == "available"
    with services.sessions() as session:
        linked = session.get_one(Audiobook, book.id)
        reasons = session.scalars(
            select(RequestStatusChange.reason).where(RequestStatusChange.request_id == first)
        ).all()
    assert (linked.plex_guid, linked.plex_library_id) == ("plex://album/aj", "1")
    assert "Linked by an admin to 'Ancillary Justice' in the library." in reasons


def test_link_unknown_item_or_finished_request_is_refused_clearly(
    client: TestClient, services: Services, admin: SignedIn, reader: SignedIn
) -> None:
    waiting = _request(services, reader, _book(services, "Sword"), "downloaded")
    cancelled = _request(services, reader, _book(services, "Mercy"), "cancelled")

    unknown_item = client.post(
        f"/api/requests/{waiting}/link-library-item",
        json={"plex_guid": "plex://album/nope"},
        headers=admin.headers,
    )
    finished = client.post(
        f"/api/requests/{cancelled}/link-library-item",
        json={"plex_guid": "plex://album/as"},
        headers=admin.headers,
    )
    unknown_request = client.post(
        f"/api/requests/{uuid.uuid4()}/link-library-item",
        json={"plex_guid": "plex://album/as"},
        headers=admin.headers,
    )

    assert unknown_item.status_code == 404 and "library scan" in unknown_item.json()["message"]
    assert finished.status_code == 409 and "cancelled" in finished.json()["message"]
    assert unknown_request.status_code == 404
    assert _status(services, waiting) == "downloaded"
