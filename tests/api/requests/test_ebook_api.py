"""The ebook companion through the JSON API: off by default, owner-only, one at a time."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from earmark.ebooks.models import EbookCompanion
from earmark.queue.models import Job
from earmark.wiring import Services
from tests.support import SignedIn, add_catalog_book, make_user

ASIN = "B0036UC5QY"


def _count(services: Services, model: type, *where: object) -> int:
    with services.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _request(client: TestClient, user: SignedIn, **extra: object) -> str:
    response = client.post("/api/requests", json={"asin": ASIN, **extra}, headers=user.headers)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def test_the_ebook_is_refused_while_the_feature_is_off(
    client: TestClient, services: Services
) -> None:
    add_catalog_book(services, ASIN, "Foundation", "Isaac Asimov")
    alice = make_user(services, client.app, "alice")
    refused = client.post(
        "/api/requests", json={"asin": ASIN, "ebook": True}, headers=alice.headers
    )
    assert refused.status_code == 409
    assert "turned off" in refused.json()["message"]
    request_id = _request(client, alice)
    later = client.post(f"/api/requests/{request_id}/ebook", headers=alice.headers)
    assert later.status_code == 409
    assert _count(services, EbookCompanion) == 0
    assert _count(services, Job, Job.type == "ebook_companion") == 0


def test_asking_with_the_request_queues_the_companion_job(
    client: TestClient, services: Services
) -> None:
    services.config.set_many({"ebooks.enabled": True})
    add_catalog_book(services, ASIN, "Foundation", "Isaac Asimov")
    alice = make_user(services, client.app, "alice")
    request_id = _request(client, alice, ebook=True)
    ebook = client.get(f"/api/requests/{request_id}/ebook", headers=alice.headers)
    assert ebook.status_code == 200
    assert ebook.json()["status"] == "searching" and ebook.json()["label"] == "searching"
    assert _count(services, Job, Job.type == "ebook_companion") == 1
    assert _count(services, Job, Job.type == "search_indexers") == 1
    again = client.post(f"/api/requests/{request_id}/ebook", headers=alice.headers)
    assert again.status_code == 409 and "already being fetched" in again.json()["message"]


def test_asking_later_from_the_request_page(client: TestClient, services: Services) -> None:
    services.config.set_many({"ebooks.enabled": True})
    add_catalog_book(services, ASIN, "Foundation", "Isaac Asimov")
    alice = make_user(services, client.app, "alice")
    request_id = _request(client, alice)
    missing = client.get(f"/api/requests/{request_id}/ebook", headers=alice.headers)
    assert missing.status_code == 404
    started = client.post(f"/api/requests/{request_id}/ebook", headers=alice.headers)
    assert started.status_code == 202 and started.json()["status"] == "searching"


def test_only_the_owner_and_admins_see_or_ask_for_the_ebook(
    client: TestClient, services: Services
) -> None:
    services.config.set_many({"ebooks.enabled": True})
    add_catalog_book(services, ASIN, "Foundation", "Isaac Asimov")
    alice = make_user(services, client.app, "alice")
    bob = make_user(services, client.app, "bob")
    admin = make_user(services, client.app, "root", role="admin")
    request_id = _request(client, alice)
    assert client.post(f"/api/requests/{request_id}/ebook", headers=bob.headers).status_code == 404
    assert client.post(f"/api/requests/{request_id}/ebook").status_code == 401
    assert (
        client.post(f"/api/requests/{request_id}/ebook", headers=admin.headers).status_code == 202
    )
    assert client.get(f"/api/requests/{request_id}/ebook", headers=bob.headers).status_code == 404
    assert client.get(f"/api/requests/{request_id}/ebook", headers=alice.headers).status_code == 200


def test_a_cancelled_request_gets_no_ebook(client: TestClient, services: Services) -> None:
    services.config.set_many({"ebooks.enabled": True})
    add_catalog_book(services, ASIN, "Foundation", "Isaac Asimov")
    alice = make_user(services, client.app, "alice")
    request_id = _request(client, alice)
    assert (
        client.post(f"/api/requests/{request_id}/cancel", headers=alice.headers).status_code == 200
    )
    refused = client.post(f"/api/requests/{request_id}/ebook", headers=alice.headers)
    assert refused.status_code == 409 and "cancelled" in refused.json()["message"]


def test_ebook_settings_are_validated(client: TestClient, services: Services) -> None:
    admin = make_user(services, client.app, "root", role="admin")
    bad = client.put(
        "/api/admin/settings/ebooks", json={"ebooks.formats": ["epub", "docx"]},
        headers=admin.headers,
    )  # fmt: skip
    assert bad.status_code == 400, bad.text
    assert "docx" in bad.text or "epub" in bad.text
    good = client.put(
        "/api/admin/settings/ebooks",
        json={"ebooks.enabled": True, "ebooks.formats": ["pdf", "epub", "pdf"]},
        headers=admin.headers,
    )
    assert good.status_code == 200, good.text
    assert good.json()["ebooks.formats"] == ["pdf", "epub"]
