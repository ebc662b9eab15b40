"""Request creation, duplicates, followers, cancel and row-level access through the JSON API."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from earmark.catalog.models import AudibleCache
from earmark.queue.models import Job
from earmark.requests.models import Audiobook, Request
from earmark.wiring import Services
from tests.fakes.audible_fixtures import RunningFake
from tests.support import add_catalog_book, make_user

ASIN = "B0036UC5QY"


def _count(services: Services, model: type, *where: object) -> int:
    with services.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def test_create_request_queues_search_in_same_transaction(
    client: TestClient, services: Services
) -> None:
    add_catalog_book(services, ASIN, "Foundation", "Isaac Asimov")
    alice = make_user(services, client.app, "alice")
    response = client.post("/api/requests", json={"asin": ASIN}, headers=alice.headers)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "pending"
    assert body["book"]["title"] == "Foundation"
    assert _count(services, Job, Job.type == "search_indexers") == 1


def test_create_request_twice_by_same_user_is_refused_clearly(
    client: TestClient, services: Services
) -> None:
    add_catalog_book(services, ASIN, "Foundation", "Isaac Asimov")
    alice = make_user(services, client.app, "alice")
    assert (
        client.post("/api/requests", json={"asin": ASIN}, headers=alice.headers).status_code == 201
    )
    again = client.post("/api/requests", json={"asin": ASIN}, headers=alice.headers)
    assert again.status_code == 409
    assert "already requested" in again.json()["message"]


def test_create_request_concurrently_by_one_user_makes_one_row(
    client: TestClient, services: Services
) -> None:
    add_catalog_book(services, ASIN, "Foundation", "Isaac Asimov")
    alice = make_user(services, client.app, "alice")

    def post() -> int:
        return client.post("/api/requests", json={"asin": ASIN}, headers=alice.headers).status_code

    with ThreadPoolExecutor(max_workers=16) as pool:
        codes = list(pool.map(lambda _: post(), range(100)))
    assert codes.count(201) == 1
    assert set(codes) <= {201, 409}
    assert _count(services, Request) == 1
    assert _count(services, Job, Job.type == "search_indexers") == 1


def test_second_user_follows_the_first_without_a_second_search(
    client: TestClient, services: Services
) -> None:
    add_catalog_book(services, ASIN, "Foundation", "Isaac Asimov")
    alice = make_user(services, client.app, "alice")
    bob = make_user(services, client.app, "bob")
    assert (
        client.post("/api/requests", json={"asin": ASIN}, headers=alice.headers).status_code == 201
    )
    assert client.post("/api/requests", json={"asin": ASIN}, headers=bob.headers).status_code == 201
    assert _count(services, Audiobook) == 1
    assert _count(services, Job, Job.type == "search_indexers") == 1


def test_bad_asin_and_unknown_asin_are_clear_4xx(client: TestClient, services: Services) -> None:
    alice = make_user(services, client.app, "alice")
    bad = client.post("/api/requests", json={"asin": "../etc"}, headers=alice.headers)
    assert bad.status_code == 400
    assert "ASIN" in bad.json()["message"]
    unknown = client.post("/api/requests", json={"asin": "B000000000"}, headers=alice.headers)
    assert unknown.status_code == 404


def test_user_cannot_see_or_act_on_another_users_request(
    client: TestClient, services: Services
) -> None:
    add_catalog_book(services, ASIN, "Foundation", "Isaac Asimov")
    alice = make_user(services, client.app, "alice")
    bob = make_user(services, client.app, "bob")
    request_id = client.post("/api/requests", json={"asin": ASIN}, headers=alice.headers).json()[
        "id"
    ]
    assert client.get(f"/api/requests/{request_id}", headers=bob.headers).status_code == 404
    assert client.post(f"/api/requests/{request_id}/cancel", headers=bob.headers).status_code == 404
    assert (
        client.post(f"/api/requests/{request_id}/retry-search", headers=bob.headers).status_code
        == 404
    )
    assert client.delete(f"/api/requests/{request_id}", headers=bob.headers).status_code == 403
    assert client.get("/api/requests", headers=bob.headers).json()["total"] == 0
    assert (
        client.get(f"/api/requests/{request_id}", headers=alice.headers).json()["status"]
        == "pending"
    )


def test_owner_cancels_and_admin_sees_all_and_deletes(
    client: TestClient, services: Services
) -> None:
    add_catalog_book(services, ASIN, "Foundation", "Isaac Asimov")
    alice = make_user(services, client.app, "alice")
    admin = make_user(services, client.app, "root", role="admin")
    request_id = client.post("/api/requests", json={"asin": ASIN}, headers=alice.headers).json()[
        "id"
    ]
    cancelled = client.post(f"/api/requests/{request_id}/cancel", headers=alice.headers)
    assert cancelled.json()["status"] == "cancelled"
    detail = client.get(f"/api/requests/{request_id}", headers=admin.headers).json()
    # The history starts with the request being made (from no status), then the cancel.
    assert [(h["from_status"], h["to_status"]) for h in detail["history"]] == [
        (None, "pending"),
        ("pending", "cancelled"),
    ]
    assert client.get("/api/requests", headers=admin.headers).json()["total"] == 1
    assert client.delete(f"/api/requests/{request_id}", headers=admin.headers).status_code == 204
    assert _count(services, Request) == 0


def test_cancelled_request_can_be_requested_again(client: TestClient, services: Services) -> None:
    add_catalog_book(services, ASIN, "Foundation", "Isaac Asimov")
    alice = make_user(services, client.app, "alice")
    request_id = client.post("/api/requests", json={"asin": ASIN}, headers=alice.headers).json()[
        "id"
    ]
    client.post(f"/api/requests/{request_id}/cancel", headers=alice.headers)
    again = client.post("/api/requests", json={"asin": ASIN}, headers=alice.headers)
    assert again.status_code == 201
    assert again.json()["id"] == request_id
    assert again.json()["status"] == "pending"


def test_request_for_a_book_found_by_live_search_fetches_and_caches_its_details(
    client: TestClient, services: Services, audible_fake: RunningFake
) -> None:
    product = next(
        p.audible for p in audible_fake.app.state.products if p.audible.get("runtime_length_min")
    )
    alice = make_user(services, client.app, "alice")
    response = client.post("/api/requests", json={"asin": product["asin"]}, headers=alice.headers)
    assert response.status_code == 201, response.text
    assert response.json()["book"]["title"] == product["title"]
    with services.sessions() as session:
        cached = session.scalars(
            select(AudibleCache).where(AudibleCache.asin == product["asin"])
        ).one()
    assert cached.duration_minutes == product["runtime_length_min"]
    assert not cached.is_popular


def test_request_when_audible_is_down_is_a_clear_502(
    client: TestClient, services: Services, audible_fake: RunningFake
) -> None:
    audible_fake.controls.queued_statuses.extend([503] * 6)
    alice = make_user(services, client.app, "alice")
    response = client.post("/api/requests", json={"asin": "B0036UC5QZ"}, headers=alice.headers)
    assert response.status_code == 502
    assert "Audible" in response.json()["message"]


def test_request_list_total_counts_the_filtered_rows(
    client: TestClient, services: Services
) -> None:
    # The total is counted without the audiobooks join unless a search needs it: both paths.
    add_catalog_book(services, ASIN, "Foundation", "Isaac Asimov")
    add_catalog_book(services, "B0000DUNE1", "Dune", "Frank Herbert")
    alice = make_user(services, client.app, "alice")
    bob = make_user(services, client.app, "bob")
    for asin in (ASIN, "B0000DUNE1"):
        client.post("/api/requests", json={"asin": asin}, headers=alice.headers)
    client.post("/api/requests", json={"asin": ASIN}, headers=bob.headers)

    def total(query: str) -> int:
        page = client.get(f"/api/requests{query}", headers=alice.headers).json()
        assert len(page["items"]) == page["total"]
        return int(page["total"])

    assert total("") == 2
    assert total("?q=herbert") == 1
    assert total("?q=asimov&status=pending") == 1
    assert total("?status=cancelled") == 0
