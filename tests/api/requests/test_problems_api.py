"""Problem reports through the API: who may report, replace and dismiss, what is validated, and
what a replacement starts (docs/problems.md)."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from earmark.core.events import NullEventLog
from earmark.db.engine import transaction
from earmark.downloads.models import DownloadHistory, DownloadStatus
from earmark.queue.models import Job
from earmark.requests.models import Audiobook, ProblemReport, Request
from earmark.requests.problem_states import ProblemStatus
from earmark.requests.service import advance
from earmark.requests.states import RequestStatus
from earmark.wiring import Services
from tests.support import SignedIn, make_user

S = RequestStatus


@pytest.fixture
def owner(client: TestClient, services: Services) -> SignedIn:
    return make_user(services, client.app, "reader")  # type: ignore[arg-type]


@pytest.fixture
def other(client: TestClient, services: Services) -> SignedIn:
    return make_user(services, client.app, "neighbour")  # type: ignore[arg-type]


@pytest.fixture
def admin(client: TestClient, services: Services) -> SignedIn:
    return make_user(services, client.app, "boss", "admin")  # type: ignore[arg-type]


def _available(services: Services, owner: SignedIn, folder: str = "/library/A/Book") -> uuid.UUID:
    """An available request whose copy came from a downloaded release."""
    with transaction(services.sessions) as session:
        book = Audiobook(title="The Wrong Copy", author="Ada Lovelace", file_path=folder)
        session.add(book)
        session.flush()
        request = Request(user_id=owner.user.id, audiobook_id=book.id, status=S.AVAILABLE)
        session.add(request)
        session.flush()
        session.add(
            DownloadHistory(
                request_id=request.id,
                torrent_name="Wrong.Copy.m4b",
                torrent_hash="abc123",
                release_guid="guid-1",
                selected=True,
                accepted=True,
                download_status=DownloadStatus.COMPLETED,
            )
        )
        return request.id


def _report(client: TestClient, who: SignedIn, request_id: uuid.UUID, **body: object) -> object:
    payload = {"reason": "wrong_narrator", "note": "Not the narrator on Audible", **body}
    return client.post(f"/api/requests/{request_id}/problem", json=payload, headers=who.headers)


def test_owner_reports_a_problem_and_sees_it_open(
    client: TestClient, services: Services, owner: SignedIn
) -> None:
    request_id = _available(services, owner)

    answer = _report(client, owner, request_id)

    assert answer.status_code == 201, answer.text  # type: ignore[attr-defined]
    made = answer.json()  # type: ignore[attr-defined]
    assert (made["reason"], made["status"], made["replacing"]) == ("wrong_narrator", "open", False)
    assert made["reason_label"] == "Wrong narrator"
    seen = client.get(f"/api/requests/{request_id}/problem", headers=owner.headers).json()
    assert seen["id"] == made["id"]


def test_another_user_cannot_report_someone_elses_request(
    client: TestClient, services: Services, owner: SignedIn, other: SignedIn
) -> None:
    request_id = _available(services, owner)

    answer = _report(client, other, request_id)

    assert answer.status_code == 404  # type: ignore[attr-defined]
    with services.sessions() as session:
        assert session.scalars(select(ProblemReport)).all() == []


def test_an_admin_may_report_on_behalf_of_the_owner(
    client: TestClient, services: Services, owner: SignedIn, admin: SignedIn
) -> None:
    request_id = _available(services, owner)

    assert _report(client, admin, request_id).status_code == 201  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "body",
    [{"reason": "too_quiet"}, {"reason": None}, {"note": "x" * 1001}],
    ids=["unknown reason", "no reason", "note too long"],
)
def test_report_is_validated(
    client: TestClient, services: Services, owner: SignedIn, body: dict[str, object]
) -> None:
    request_id = _available(services, owner)

    answer = _report(client, owner, request_id, **body)

    assert answer.status_code == 422, answer.text  # type: ignore[attr-defined]


def test_a_second_open_report_is_refused(
    client: TestClient, services: Services, owner: SignedIn
) -> None:
    request_id = _available(services, owner)
    _report(client, owner, request_id)

    answer = _report(client, owner, request_id, reason="bad_audio")

    assert answer.status_code == 409  # type: ignore[attr-defined]
    assert answer.json()["error"] == "ProblemAlreadyReported"  # type: ignore[attr-defined]


def test_replace_without_an_open_report_is_refused(
    client: TestClient, services: Services, owner: SignedIn, admin: SignedIn
) -> None:
    request_id = _available(services, owner)

    answer = client.post(f"/api/requests/{request_id}/replace", json={}, headers=admin.headers)

    assert answer.status_code == 409
    assert answer.json()["error"] == "NoOpenProblem"


def test_owner_cannot_replace_or_dismiss(
    client: TestClient, services: Services, owner: SignedIn
) -> None:
    request_id = _available(services, owner)
    _report(client, owner, request_id)

    for action in ("replace", "dismiss-problem"):
        answer = client.post(f"/api/requests/{request_id}/{action}", json={}, headers=owner.headers)
        assert answer.status_code == 403, action
    with services.sessions() as session:
        assert session.scalars(select(ProblemReport)).one().status == ProblemStatus.OPEN


def test_dismiss_keeps_the_copy_and_the_owner_sees_the_note(
    client: TestClient, services: Services, owner: SignedIn, admin: SignedIn
) -> None:
    request_id = _available(services, owner)
    _report(client, owner, request_id)

    answer = client.post(
        f"/api/requests/{request_id}/dismiss-problem",
        json={"note": "This is the narrator Audible lists."},
        headers=admin.headers,
    )

    assert answer.status_code == 200, answer.text
    seen = client.get(f"/api/requests/{request_id}/problem", headers=owner.headers).json()
    assert seen["status"] == "dismissed"
    assert seen["admin_note"] == "This is the narrator Audible lists."
    assert client.get("/api/admin/problems", headers=admin.headers).json()["problems"] == []
    with services.sessions() as session:
        assert session.get_one(Request, request_id).status == S.AVAILABLE


def test_replace_blocklists_the_release_and_searches_again(
    client: TestClient, services: Services, owner: SignedIn, admin: SignedIn
) -> None:
    request_id = _available(services, owner)
    _report(client, owner, request_id)
    listed = client.get("/api/admin/problems", headers=admin.headers).json()["problems"]
    assert [(p["request_id"], p["title"]) for p in listed] == [(str(request_id), "The Wrong Copy")]

    answer = client.post(f"/api/requests/{request_id}/replace", json={}, headers=admin.headers)

    assert answer.status_code == 200, answer.text
    assert answer.json()["replacing"] is True
    with services.sessions() as session:
        assert session.get_one(Request, request_id).status == S.SEARCHING
        release = session.scalars(select(DownloadHistory)).one()
        assert release.blocklisted
        assert release.download_error.startswith("reported_problem:")
        report = session.scalars(select(ProblemReport)).one()
        assert (report.status, report.replacing_path) == (ProblemStatus.OPEN, "/library/A/Book")
        jobs = session.scalars(select(Job.type).where(Job.request_id == request_id)).all()
        assert "search_indexers" in jobs


def test_a_replacement_that_finds_nothing_leaves_the_copy_available_with_the_reason(
    client: TestClient, services: Services, owner: SignedIn, admin: SignedIn
) -> None:
    request_id = _available(services, owner)
    _report(client, owner, request_id)
    client.post(f"/api/requests/{request_id}/replace", json={}, headers=admin.headers)

    with transaction(services.sessions) as session:
        request = session.get_one(Request, request_id)
        advance(
            session,
            request,
            S.AWAITING_SEARCH,
            now=services.clock.now(),
            reason="No acceptable release",
            log=NullEventLog(),
        )

    with services.sessions() as session:
        assert session.get_one(Request, request_id).status == S.AVAILABLE
    seen = client.get(f"/api/requests/{request_id}/problem", headers=owner.headers).json()
    assert (seen["status"], seen["replacing"]) == ("open", False)
    assert seen["replace_note"] == "No replacement was found: No acceptable release"
