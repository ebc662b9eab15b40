"""Permissions, quotas and the approval workflow through the JSON API."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from earmark.db.engine import transaction
from earmark.queue.models import Job
from earmark.requests.models import Request, RequestStatusChange
from earmark.requests.quota import when_text
from earmark.users.models import UserPermissions
from earmark.wiring import Services
from tests.support import SignedIn, add_catalog_book, make_user

BOOKS = {
    "B0036UC5QY": "Foundation",
    "B002V0QUOC": "Dune",
    "B00B5HO5XA": "Hyperion",
}
FOUNDATION, DUNE, HYPERION = BOOKS


def _books(services: Services) -> None:
    for asin, title in BOOKS.items():
        add_catalog_book(services, asin, title, "Some Author")


def _searches(services: Services) -> int:
    with services.sessions() as session:
        query = select(func.count()).select_from(Job).where(Job.type == "search_indexers")
        return int(session.scalar(query) or 0)


def _ask(client: TestClient, who: SignedIn, asin: str) -> dict[str, object]:
    answer = client.post("/api/requests", json={"asin": asin}, headers=who.headers)
    assert answer.status_code == 201, answer.text
    body: dict[str, object] = answer.json()
    return body


def _own(services: Services, who: SignedIn, **values: object) -> None:
    with transaction(services.sessions) as session:
        session.add(UserPermissions(user_id=who.user.id, **values))


def test_a_request_needing_approval_waits_unsearched_until_an_admin_approves(
    client: TestClient, services: Services
) -> None:
    _books(services)
    services.config.set("requests.auto_approve", False)
    teen = make_user(services, client.app, "teen")  # type: ignore[arg-type]
    admin = make_user(services, client.app, "boss", "admin")  # type: ignore[arg-type]

    waiting = _ask(client, teen, FOUNDATION)
    assert waiting["status"] == "pending_approval"
    assert waiting["step"] == "Waiting for an admin's approval"
    assert _searches(services) == 0
    refused = client.post(f"/api/requests/{waiting['id']}/retry-search", headers=teen.headers)
    assert refused.status_code == 409

    denied = client.post(
        f"/api/requests/{waiting['id']}/approve", json={"note": None}, headers=teen.headers
    )
    assert denied.status_code == 403
    approved = client.post(
        f"/api/requests/{waiting['id']}/approve",
        json={"note": "Enjoy it"},
        headers=admin.headers,
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "pending"
    assert _searches(services) == 1
    history = client.get(f"/api/requests/{waiting['id']}", headers=teen.headers).json()["history"]
    assert [(h["from_status"], h["to_status"], h["reason"]) for h in history] == [
        (None, "pending", None),
        ("pending", "pending_approval", "Waiting for an admin's approval"),
        ("pending_approval", "pending", "Approved by an admin: Enjoy it"),
    ]


def test_admins_and_auto_approved_users_skip_approval(
    client: TestClient, services: Services
) -> None:
    _books(services)
    services.config.set("requests.auto_approve", False)
    admin = make_user(services, client.app, "boss", "admin")  # type: ignore[arg-type]
    trusted = make_user(services, client.app, "trusted")  # type: ignore[arg-type]
    _own(services, trusted, auto_approve=True)

    assert _ask(client, admin, FOUNDATION)["status"] == "pending"
    assert _ask(client, trusted, DUNE)["status"] == "pending"


def test_declining_with_a_note_shows_it_to_the_requester_and_frees_the_quota(
    client: TestClient, services: Services
) -> None:
    _books(services)
    services.config.set("requests.auto_approve", False)
    teen = make_user(services, client.app, "teen")  # type: ignore[arg-type]
    admin = make_user(services, client.app, "boss", "admin")  # type: ignore[arg-type]
    _own(services, teen, request_quota=1, request_quota_period="day")

    first = _ask(client, teen, FOUNDATION)
    over = client.post("/api/requests", json={"asin": DUNE}, headers=teen.headers)
    assert over.status_code == 403
    assert over.json()["error"] == "QuotaExceeded"

    declined = client.post(
        f"/api/requests/{first['id']}/decline",
        json={"note": "Not this one, ask me about it"},
        headers=admin.headers,
    )
    assert declined.json()["status"] == "declined"
    mine = client.get(f"/api/requests/{first['id']}", headers=teen.headers).json()
    assert mine["error_message"] == "Declined by an admin: Not this one, ask me about it"
    assert _ask(client, teen, DUNE)["status"] == "pending_approval"


def test_over_quota_the_refusal_says_when_the_user_can_request_again(
    client: TestClient, services: Services
) -> None:
    _books(services)
    services.config.set("requests.quota", 2)
    services.config.set("requests.quota_period", "week")
    reader = make_user(services, client.app, "reader")  # type: ignore[arg-type]
    admin = make_user(services, client.app, "boss", "admin")  # type: ignore[arg-type]

    first = _ask(client, reader, FOUNDATION)
    _ask(client, reader, DUNE)
    over = client.post("/api/requests", json={"asin": HYPERION}, headers=reader.headers)

    with services.sessions() as session:
        oldest = session.get_one(Request, uuid.UUID(str(first["id"]))).created_at
    again = when_text(oldest + timedelta(days=7))
    assert over.status_code == 403
    assert over.json()["message"] == (
        f"You have used your quota of 2 requests per week. You can request again on {again}."
    )
    mine = client.get("/api/account/permissions", headers=reader.headers).json()
    assert mine["effective"]["request_quota"] == 2
    assert when_text(datetime.fromisoformat(mine["next_request_at"])) == again
    assert _ask(client, admin, HYPERION)["status"] == "pending"  # admins have no quota


def test_interactive_search_and_picking_follow_the_users_permissions(
    client: TestClient, services: Services
) -> None:
    _books(services)
    reader = make_user(services, client.app, "reader")  # type: ignore[arg-type]
    request_id = _ask(client, reader, FOUNDATION)["id"]

    searched = client.post(f"/api/requests/{request_id}/interactive-search", headers=reader.headers)
    assert searched.status_code == 403
    assert searched.json()["message"] == "You are not permitted to search indexers interactively."
    picked = client.post(
        f"/api/requests/{request_id}/select-release",
        json={"guid": "http://indexer.test/1.torrent"},
        headers=reader.headers,
    )
    assert picked.status_code == 403
    assert picked.json()["message"] == "You are not permitted to pick releases."

    services.config.set("requests.user_pick_release", True)
    allowed = client.post(
        f"/api/requests/{request_id}/select-release",
        json={"guid": "http://indexer.test/1.torrent"},
        headers=reader.headers,
    )
    assert allowed.status_code != 403, allowed.text  # past the permission check (no such release)


def test_bulk_decisions_report_each_request_and_refuse_users(
    client: TestClient, services: Services
) -> None:
    _books(services)
    services.config.set("requests.auto_approve", False)
    teen = make_user(services, client.app, "teen")  # type: ignore[arg-type]
    admin = make_user(services, client.app, "boss", "admin")  # type: ignore[arg-type]
    ids = [_ask(client, teen, asin)["id"] for asin in (FOUNDATION, DUNE)]
    body = {"ids": ids, "decision": "approve", "note": "Both fine"}

    assert (
        client.post("/api/requests/decisions", json=body, headers=teen.headers).status_code == 403
    )
    answer = client.post("/api/requests/decisions", json=body, headers=admin.headers).json()
    assert sorted(r["id"] for r in answer["done"]) == sorted(ids)
    again = client.post("/api/requests/decisions", json=body, headers=admin.headers).json()
    assert again["done"] == []
    assert [r["message"] for r in again["refused"]] == [
        "A request that is pending is not waiting for approval."
    ] * 2
    with services.sessions() as session:
        reasons = session.scalars(
            select(RequestStatusChange.reason).where(
                RequestStatusChange.to_status == "pending",
                RequestStatusChange.from_status.is_not(None),  # not the "request made" rows
            )
        ).all()
    assert reasons == ["Approved by an admin: Both fine"] * 2


def test_admin_sets_a_users_permissions_and_a_user_cannot(
    client: TestClient, services: Services
) -> None:
    reader = make_user(services, client.app, "reader")  # type: ignore[arg-type]
    admin = make_user(services, client.app, "boss", "admin")  # type: ignore[arg-type]
    url = f"/api/admin/users/{reader.user.id}/permissions"
    body = {"auto_approve": False, "request_quota": 3, "request_quota_period": "day"}

    assert client.put(url, json=body, headers=reader.headers).status_code == 403
    assert client.get(url, headers=reader.headers).status_code == 403
    saved = client.put(url, json=body, headers=admin.headers)
    assert saved.status_code == 200, saved.text
    assert saved.json()["effective"] == {
        "auto_approve": False,
        "interactive_search": False,
        "pick_release": False,
        "request_quota": 3,
        "request_quota_period": "day",
    }
    bad = client.put(url, json={"request_quota_period": "month"}, headers=admin.headers)
    assert bad.status_code == 422
    cleared = client.put(url, json={}, headers=admin.headers).json()
    assert cleared["overrides"]["request_quota"] is None
    with services.sessions() as session:
        assert session.get(UserPermissions, reader.user.id) is None
