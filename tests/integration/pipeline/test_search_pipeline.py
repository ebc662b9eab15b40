"""The search job against a fake Prowlarr: refusal with a reason, acceptance, interactive pick."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient
from sqlalchemy import select

from earmark.demo.fakes.prowlarr import FakeRelease
from earmark.downloads.models import DownloadHistory
from earmark.queue.models import Job
from earmark.requests.models import Request
from tests.integration.pipeline.conftest import Pipeline
from tests.support import add_catalog_book, make_user

ASIN = "B08G9PRS1K"
MIB = 1024 * 1024


def _release(title: str, size_mib: int) -> FakeRelease:
    # Releases need a download link to be offered; the grab itself is not exercised here.
    return FakeRelease(title, 1, size_bytes=size_mib * MIB, file_id=title.replace(" ", "_"))


def _request(pipeline: Pipeline) -> Request:
    with pipeline.services.sessions() as session:
        return session.scalars(select(Request)).one()


def _jobs(pipeline: Pipeline, job_type: str) -> list[Job]:
    with pipeline.services.sessions() as session:
        return list(session.scalars(select(Job).where(Job.type == job_type)))


def _create(client: TestClient, pipeline: Pipeline) -> str:
    add_catalog_book(pipeline.services, ASIN, "Project Hail Mary", "Andy Weir", "Ray Porter")
    alice = make_user(pipeline.services, client.app, "alice")
    response = client.post("/api/requests", json={"asin": ASIN}, headers=alice.headers)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def test_search_without_acceptable_release_waits_with_reason(
    client: TestClient, pipeline: Pipeline
) -> None:
    pipeline.prowlarr.add_release(_release("Project Hail Mary - Andy Weir [ABRIDGED] mp3", 300))
    pipeline.prowlarr.add_release(_release("The Martian - Andy Weir m4b", 400))
    _create(client, pipeline)
    pipeline.drain()
    request = _request(pipeline)
    assert request.status == "awaiting_search"
    assert request.error_message is not None
    assert "No release was good enough" in request.error_message
    assert _jobs(pipeline, "download_torrent") == []
    with pipeline.services.sessions() as session:
        rows = session.scalars(select(DownloadHistory)).all()
    assert rows and all(not row.accepted and row.score_breakdown for row in rows)
    codes = {
        row.torrent_name: [r["code"] for r in (row.score_breakdown or {})["rejections"]]
        for row in rows
    }
    assert codes["Project Hail Mary - Andy Weir [ABRIDGED] mp3"] == ["abridged"]


def test_search_with_acceptable_release_queues_the_grab(
    client: TestClient, pipeline: Pipeline
) -> None:
    pipeline.prowlarr.add_release(_release("Project Hail Mary - Andy Weir (Ray Porter) [M4B]", 500))
    pipeline.prowlarr.add_release(_release("Project Hail Mary - Andy Weir [GERMAN] m4b", 500))
    _create(client, pipeline)
    pipeline.runner.run_next("test-worker")
    request = _request(pipeline)
    assert request.status == "searching"
    grabs = _jobs(pipeline, "download_torrent")
    assert len(grabs) == 1
    with pipeline.services.sessions() as session:
        chosen = session.get_one(
            DownloadHistory, uuid.UUID(grabs[0].payload["download_history_id"])
        )
    assert chosen.torrent_name == "Project Hail Mary - Andy Weir (Ray Porter) [M4B]"
    assert chosen.accepted


def test_interactive_search_lists_breakdowns_and_pick_is_validated(
    client: TestClient, pipeline: Pipeline
) -> None:
    pipeline.prowlarr.add_release(_release("Project Hail Mary - Andy Weir [ABRIDGED] mp3", 300))
    request_id = _create(client, pipeline)
    admin = make_user(pipeline.services, client.app, "root", role="admin")
    listed = client.post(f"/api/requests/{request_id}/interactive-search", headers=admin.headers)
    assert listed.status_code == 200, listed.text
    releases = listed.json()["releases"]
    assert len(releases) == 1
    assert releases[0]["accepted"] is False
    assert [r["code"] for r in releases[0]["rejections"]] == ["abridged"]
    assert releases[0]["reasons"] == [r["message"] for r in releases[0]["rejections"]]
    assert releases[0]["breakdown"]
    forged = client.post(
        f"/api/requests/{request_id}/select-release",
        json={"guid": "http://evil.example/x.torrent"},
        headers=admin.headers,
    )
    assert forged.status_code == 404
    picked = client.post(
        f"/api/requests/{request_id}/select-release",
        json={"guid": releases[0]["guid"]},
        headers=admin.headers,
    )
    assert picked.status_code == 200, picked.text
    assert picked.json()["status"] == "searching"
    assert len(_jobs(pipeline, "download_torrent")) == 1


def test_interactive_search_is_admin_only_by_default(
    client: TestClient, pipeline: Pipeline
) -> None:
    request_id = _create(client, pipeline)
    with pipeline.services.sessions() as session:
        owner_id = session.scalars(select(Request.user_id)).one()
    token = client.app.state.token_issuer.issue(
        owner_id, 0, "access", pipeline.services.clock.now()
    )
    denied = client.post(
        f"/api/requests/{request_id}/interactive-search",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert denied.status_code == 403
    assert denied.json()["message"] == "You are not permitted to search indexers interactively."
