"""A book the catalog does not list, named differently on the indexers: the automatic search
finds nothing, an interactive search with the person's own words finds the release, ranks it
against the requested book, and the pick is grabbed."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from earmark.demo.fakes.prowlarr import FakeRelease
from earmark.queue.models import Job
from earmark.requests.models import Request
from tests.integration.pipeline.conftest import Pipeline
from tests.support import make_user

MIB = 1024 * 1024
LISTED_AS = "Imogen Farrow - Keepers Ledger (Lighthouse 1) MP3"


def test_own_search_words_find_a_release_the_title_search_missed(
    client: TestClient, pipeline: Pipeline
) -> None:
    pipeline.prowlarr.add_release(FakeRelease(LISTED_AS, 1, size_bytes=300 * MIB, file_id="ledger"))
    admin = make_user(pipeline.services, client.app, "root", role="admin")
    created = client.post(
        "/api/requests/manual",
        json={"title": "The Lighthouse Keeper's Ledger", "author": "Imogen Farrow"},
        headers=admin.headers,
    )
    assert created.status_code == 201, created.text
    request_id = created.json()["id"]
    pipeline.drain()
    with pipeline.services.sessions() as session:
        assert session.scalars(select(Request.status)).one() == "awaiting_search"

    url = f"/api/requests/{request_id}/interactive-search"
    plain = client.post(url, headers=admin.headers)
    assert plain.status_code == 200 and plain.json()["releases"] == []
    own = client.post(url, json={"query": "  farrow   keepers ledger "}, headers=admin.headers)
    assert own.status_code == 200, own.text
    [release] = own.json()["releases"]
    assert release["title"] == LISTED_AS
    assert release["breakdown"]["size"]["detail"].endswith("runtime unknown")
    too_long = client.post(url, json={"query": "x" * 301}, headers=admin.headers)
    assert too_long.status_code in {400, 422} and too_long.json()["message"]

    picked = client.post(
        f"/api/requests/{request_id}/select-release",
        json={"guid": release["guid"]},
        headers=admin.headers,
    )
    assert picked.status_code == 200, picked.text
    with pipeline.services.sessions() as session:
        grabs = session.scalars(select(Job).where(Job.type == "download_torrent")).all()
    assert len(grabs) == 1
