"""Series and author shelves, "request the missing ones" and follows through the JSON API."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from earmark.db.engine import transaction
from earmark.demo.fakes.audible_series import SERIES_ASIN, SeriesCatalog
from earmark.library.models import PlexLibraryItem
from earmark.requests.models import Audiobook, Request
from earmark.requests.states import RequestStatus
from earmark.wiring import Services
from tests.fakes.audible_fixtures import RunningFake
from tests.support import make_user

PREORDER = "B0LANTRN04"


def _own(services: Services, *asins: str) -> None:
    """Put these series books in the media server's library cache."""
    titles = {"B0LANTRN01": "The Lantern Keeper", "B0LANTRN02": "The Lantern Road"}
    with transaction(services.sessions) as session:
        for asin in asins:
            session.add(
                PlexLibraryItem(
                    plex_guid=f"plex://{asin}",
                    title=titles[asin],
                    author="Harriet Vance",
                    asin=asin,
                )
            )


def _requested(services: Services) -> dict[str, RequestStatus]:
    with services.sessions() as session:
        rows = session.execute(
            select(Audiobook.audible_asin, Request.status).join(
                Request, Request.audiobook_id == Audiobook.id
            )
        )
        return {str(asin): status for asin, status in rows}


def test_series_lists_books_in_reading_order_with_quirky_sequences(
    client: TestClient, services: Services
) -> None:
    alice = make_user(services, client.app, "alice")
    response = client.get(f"/api/series/{SERIES_ASIN.lower()}", headers=alice.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["title"] == "The Lantern Cycle"
    assert [b["position"] for b in body["books"]] == ["1", "1.5", "Book 2", "3", "4", None]
    assert body["books"][2]["book"]["series_position"] == "2"
    assert body["books"][2]["book"]["series_asin"] == SERIES_ASIN
    assert [b["preorder"] for b in body["books"]] == [False, False, False, False, True, False]
    assert {b["state"] for b in body["books"]} == {"requestable"}
    assert body["requestable"] == 6


def test_series_request_of_five_books_with_two_owned_creates_three_requests(
    client: TestClient,
    services: Services,
    audible_fake: RunningFake,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    series: SeriesCatalog = audible_fake.app.state.series
    monkeypatch.setattr(series, "books", [b for b in series.books if b.asin != PREORDER])
    _own(services, "B0LANTRN01", "B0LANTRN02")
    alice = make_user(services, client.app, "alice")
    shelf = client.get(f"/api/series/{SERIES_ASIN}", headers=alice.headers).json()
    assert len(shelf["books"]) == 5
    assert [b["state"] for b in shelf["books"]].count("owned") == 2

    response = client.post(f"/api/series/{SERIES_ASIN}/request", headers=alice.headers)
    assert response.status_code == 200, response.text
    assert response.json()["created"] == 3
    assert set(_requested(services)) == {"B0LANTRN15", "B0LANTRN03", "B0LANTRNCO"}

    again = client.post(f"/api/series/{SERIES_ASIN}/request", headers=alice.headers).json()
    assert again["created"] == 0
    assert "Nothing to request" in again["message"]
    states = [
        b["state"]
        for b in client.get(f"/api/series/{SERIES_ASIN}", headers=alice.headers).json()["books"]
    ]
    assert states.count("requested") == 3


def test_series_request_honours_quota_and_approval_per_book(
    client: TestClient, services: Services, audible_fake: RunningFake
) -> None:
    services.config.set("requests.auto_approve", False)
    services.config.set("requests.quota", 2)
    services.config.set("requests.quota_period", "day")
    alice = make_user(services, client.app, "alice")
    body = client.post(f"/api/series/{SERIES_ASIN}/request", headers=alice.headers).json()
    assert body["created"] == 2
    refused = [r for r in body["results"] if r["error"]]
    assert len(refused) == 4 and all("quota" in r["error"] for r in refused)
    assert set(_requested(services).values()) == {RequestStatus.PENDING_APPROVAL}


def test_preorder_in_a_series_request_waits_for_its_release(
    client: TestClient, services: Services
) -> None:
    alice = make_user(services, client.app, "alice")
    client.post(f"/api/series/{SERIES_ASIN}/request", headers=alice.headers)
    statuses = _requested(services)
    assert statuses[PREORDER] == RequestStatus.AWAITING_RELEASE
    assert statuses["B0LANTRN01"] == RequestStatus.PENDING


def test_unknown_series_is_a_404_and_bad_asin_a_400(client: TestClient, services: Services) -> None:
    alice = make_user(services, client.app, "alice")
    missing = client.get("/api/series/B0NOSUCHSR", headers=alice.headers)
    assert missing.status_code == 404
    assert "series" in missing.json()["message"]
    assert client.get("/api/series/nope", headers=alice.headers).status_code == 400


def test_author_page_lists_only_their_books(client: TestClient, services: Services) -> None:
    alice = make_user(services, client.app, "alice")
    body = client.get(
        "/api/authors", params={"name": "harriet vance"}, headers=alice.headers
    ).json()
    titles = {b["book"]["title"] for b in body["books"]}
    assert "Quiet Harbour" in titles and "The Lantern Keeper" in titles
    assert len(titles) == 7
    assert client.get("/api/authors", headers=alice.headers).status_code == 422


def test_follow_unfollow_and_list(client: TestClient, services: Services) -> None:
    alice = make_user(services, client.app, "alice")
    bob = make_user(services, client.app, "bob")
    made = client.post(
        "/api/follows",
        json={"kind": "series", "key": SERIES_ASIN, "auto_request": True},
        headers=alice.headers,
    )
    assert made.status_code == 201, made.text
    assert made.json()["label"] == "The Lantern Cycle"
    again = client.post(
        "/api/follows", json={"kind": "series", "key": SERIES_ASIN}, headers=alice.headers
    )
    assert again.json()["id"] == made.json()["id"] and again.json()["auto_request"] is False
    shelf = client.get(f"/api/series/{SERIES_ASIN}", headers=alice.headers).json()
    assert shelf["follow"]["id"] == made.json()["id"]
    assert client.get("/api/follows", headers=bob.headers).json() == []
    follow_id = made.json()["id"]
    assert client.delete(f"/api/follows/{follow_id}", headers=bob.headers).status_code == 404
    assert client.delete(f"/api/follows/{follow_id}", headers=alice.headers).status_code == 204
    assert client.get("/api/follows", headers=alice.headers).json() == []
    assert client.get("/api/follows/new", headers=alice.headers).json() == {"items": []}


def test_series_author_and_follows_pages_render(client: TestClient, services: Services) -> None:
    alice = make_user(services, client.app, "alice")
    page = client.get(f"/series/{SERIES_ASIN}", headers=alice.headers)
    assert page.status_code == 200, page.text
    assert "The Lantern Cycle" in page.text and 'data-state="requestable"' in page.text
    assert "Pre-order" in page.text and "Request the missing ones (6)" in page.text
    author = client.get("/authors", params={"name": "Harriet Vance"}, headers=alice.headers)
    assert "Quiet Harbour" in author.text
    missing = client.get("/series/B0NOSUCHSR", headers=alice.headers)
    assert missing.status_code == 200 and "knows no series" in missing.text
    client.post(
        "/api/follows", json={"kind": "author", "key": "Harriet Vance"}, headers=alice.headers
    )
    follows = client.get("/follows", headers=alice.headers)
    assert "Harriet Vance" in follows.text and "Nothing new yet" in follows.text
