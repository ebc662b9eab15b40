"""Admin jobs API: listing with filters, detail with events, retry/cancel, schedules."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient

from earmark.db.engine import transaction
from earmark.queue.engine import enqueue
from earmark.queue.models import Job, JobEvent
from earmark.users.models import User
from earmark.wiring import Services


def _headers(client: TestClient, services: Services, role: str) -> dict[str, str]:
    with transaction(services.sessions) as session:
        user = User(plex_id=f"local-{uuid.uuid4()}", plex_username=role, role=role)
        session.add(user)
        session.flush()
        user_id, version = user.id, user.session_version
    token = client.app.state.token_issuer.issue(  # type: ignore[attr-defined]
        user_id, version, "access", services.clock.now()
    )
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def admin(client: TestClient, services: Services) -> dict[str, str]:
    return _headers(client, services, "admin")


def _add_job(services: Services, job_type: str, status: str = "pending") -> uuid.UUID:
    with transaction(services.sessions) as session:
        job = enqueue(session, job_type, {}, now=services.clock.now())
        job.status = status
        session.add(
            JobEvent(job_id=job.id, level="warn", context="Test", message=f"{job_type} happened")
        )
    return job.id


def test_list_jobs_filters_and_paginates(
    client: TestClient, services: Services, admin: dict[str, str]
) -> None:
    for _ in range(3):
        _add_job(services, "audible_refresh")
    _add_job(services, "monitor_rss_feeds", "failed")
    page = client.get("/api/admin/jobs?type=audible_refresh&limit=2", headers=admin).json()
    assert page["total"] == 3 and len(page["items"]) == 2
    failed = client.get("/api/admin/jobs?status=failed", headers=admin).json()
    assert [item["type"] for item in failed["items"]] == ["monitor_rss_feeds"]


def test_list_jobs_non_admin_is_forbidden(client: TestClient, services: Services) -> None:
    response = client.get("/api/admin/jobs", headers=_headers(client, services, "user"))
    assert response.status_code == 403


def test_job_detail_includes_events(
    client: TestClient, services: Services, admin: dict[str, str]
) -> None:
    job_id = _add_job(services, "audible_refresh")
    detail = client.get(f"/api/admin/jobs/{job_id}", headers=admin).json()
    assert [event["message"] for event in detail["events"]] == ["audible_refresh happened"]
    assert client.get(f"/api/admin/jobs/{uuid.uuid4()}", headers=admin).status_code == 404


def test_retry_failed_job_makes_it_pending(
    client: TestClient, services: Services, admin: dict[str, str]
) -> None:
    job_id = _add_job(services, "audible_refresh", "failed")
    response = client.post(f"/api/admin/jobs/{job_id}/retry", headers=admin)
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["attempts"]) == ("pending", 0)
    assert client.post(f"/api/admin/jobs/{job_id}/retry", headers=admin).status_code == 409


def test_cancel_pending_job_marks_it_failed(
    client: TestClient, services: Services, admin: dict[str, str]
) -> None:
    job_id = _add_job(services, "audible_refresh")
    body = client.post(f"/api/admin/jobs/{job_id}/cancel", headers=admin).json()
    assert (body["status"], body["error_message"]) == ("failed", "cancelled by admin")
    with services.sessions() as session:
        job = session.get(Job, job_id)
        assert job is not None and job.completed_at is not None


def test_list_job_events_filters_by_text_and_level(
    client: TestClient, services: Services, admin: dict[str, str]
) -> None:
    _add_job(services, "audible_refresh")
    _add_job(services, "monitor_rss_feeds")
    page = client.get("/api/admin/job-events?q=rss_feeds&level=warn", headers=admin).json()
    assert page["total"] == 1 and page["items"][0]["message"] == "monitor_rss_feeds happened"
    by_type = client.get("/api/admin/job-events?job_type=audible_refresh", headers=admin).json()
    assert by_type["total"] == 1


def test_schedules_list_edit_and_trigger(
    client: TestClient, services: Services, admin: dict[str, str]
) -> None:
    names = [s["name"] for s in client.get("/api/admin/schedules", headers=admin).json()]
    assert {"monitor_rss_feeds", "check_follows"} <= set(names) and len(names) == 8
    edited = client.patch(
        "/api/admin/schedules/monitor_rss_feeds",
        json={"cron": "*/20 * * * *", "enabled": False},
        headers=admin,
    ).json()
    assert (edited["cron"], edited["enabled"]) == ("*/20 * * * *", False)
    job = client.post("/api/admin/schedules/monitor_rss_feeds/trigger", headers=admin).json()
    again = client.post("/api/admin/schedules/monitor_rss_feeds/trigger", headers=admin).json()
    assert job["type"] == "monitor_rss_feeds" and again["id"] == job["id"]


def test_edit_schedule_bad_cron_is_400(client: TestClient, admin: dict[str, str]) -> None:
    response = client.patch(
        "/api/admin/schedules/audible_refresh", json={"cron": "often"}, headers=admin
    )
    assert response.status_code == 400 and "cron" in response.json()["message"]
