"""An admin imports a folder already on the server into a request: real audio (ffmpeg), the
real job runner, the same verification and organizing as a download; paths outside the allowed
roots, missing folders and folders without audio are refused with a message, never a 500."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from earmark.demo.parts.audio import make_audiobook
from earmark.downloads.models import DownloadHistory
from earmark.library.existing import EXISTING_FILES_SOURCE
from earmark.requests.models import Audiobook, Request
from tests.integration.pipeline.conftest import Pipeline, pipeline
from tests.support import make_user

__all__ = ["pipeline"]
BOOK = {"title": "The Orchard Almanac", "author": "Wren Halloway", "year": 2011}


@pytest.fixture
def roots(tmp_path: Path, pipeline: Pipeline) -> dict[str, Path]:
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed")
    folders = {name: tmp_path / name for name in ("downloads", "old-rips", "library", "elsewhere")}
    for folder in folders.values():
        folder.mkdir()
    pipeline.services.config.set_many(
        {
            "paths.downloads": str(folders["downloads"]),
            "paths.media": str(folders["library"]),
            "import.existing_roots": f"{folders['old-rips']} ; /nonexistent-root",
        }
    )
    return folders


def _manual_request(client: TestClient, pipeline: Pipeline) -> tuple[str, dict[str, str]]:
    admin = make_user(pipeline.services, client.app, "boss", role="admin")
    answer = client.post("/api/requests/manual", json=BOOK, headers=admin.headers)
    assert answer.status_code == 201, answer.text
    pipeline.drain()  # nothing on the indexers: it waits for a release
    return str(answer.json()["id"]), admin.headers


def _request(pipeline: Pipeline, request_id: str) -> Request:
    with pipeline.services.sessions() as session:
        return session.get_one(Request, uuid.UUID(request_id))


def test_an_existing_folder_is_verified_organized_and_tagged_into_the_library(
    client: TestClient, pipeline: Pipeline, roots: dict[str, Path]
) -> None:
    request_id, headers = _manual_request(client, pipeline)
    assert _request(pipeline, request_id).status == "awaiting_search"
    rip = roots["old-rips"] / "orchard"
    make_audiobook(rip, title=BOOK["title"], author=BOOK["author"], duration_seconds=8, tracks=2)

    listed = client.get("/api/requests/import-roots", headers=headers)
    assert listed.json()["roots"] == [
        str(roots["downloads"]),
        str(roots["old-rips"]),
        "/nonexistent-root",
    ]
    answer = client.post(
        f"/api/requests/{request_id}/import-existing", json={"path": str(rip)}, headers=headers
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "processing"
    pipeline.drain()

    request = _request(pipeline, request_id)
    assert request.status == "downloaded", request.error_message
    target = roots["library"] / BOOK["author"] / BOOK["title"]
    placed = sorted(target.glob("*.mp3"))
    assert len(placed) == 2
    assert (target / "metadata.opf").read_text().count("2011") == 1
    assert sorted(rip.glob("*.mp3")), "the source files stay where they were"
    with pipeline.services.sessions() as session:
        row = session.scalars(
            select(DownloadHistory).where(DownloadHistory.request_id == request.id)
        ).one()
        assert (row.indexer_name, row.selected, row.download_path) == (
            EXISTING_FILES_SOURCE,
            True,
            str(rip),
        )
        book = session.get_one(Audiobook, request.audiobook_id)
        assert book.file_path == str(target)


def test_refusals_say_what_is_wrong_and_change_nothing(
    client: TestClient, pipeline: Pipeline, roots: dict[str, Path]
) -> None:
    request_id, headers = _manual_request(client, pipeline)
    outside = roots["elsewhere"] / "book"
    make_audiobook(outside, title="x", author="y", duration_seconds=2)
    no_audio = roots["old-rips"] / "notes"
    no_audio.mkdir()
    (no_audio / "readme.txt").write_text("not a book")
    sneaky = roots["old-rips"] / "link"
    sneaky.symlink_to(outside, target_is_directory=True)
    cases = [
        (str(outside), "outside the folders"),
        (str(sneaky), "outside the folders"),
        (str(roots["old-rips"] / ".." / "elsewhere" / "book"), "outside the folders"),
        ("old-rips/book", "not an absolute path"),
        ("", "Give the path"),
        (str(roots["old-rips"] / "missing"), "does not exist"),
        (str(no_audio), "no audio files"),
    ]
    for path, words in cases:
        answer = client.post(
            f"/api/requests/{request_id}/import-existing", json={"path": path}, headers=headers
        )
        assert answer.status_code == 400, (path, answer.text)
        assert words in answer.json()["message"], (path, answer.text)
    assert _request(pipeline, request_id).status == "awaiting_search"
    user = make_user(pipeline.services, client.app, "reader")
    inside = roots["old-rips"] / "fine"
    make_audiobook(inside, title="x", author="y", duration_seconds=2)
    answer = client.post(
        f"/api/requests/{request_id}/import-existing",
        json={"path": str(inside)},
        headers=user.headers,
    )
    assert answer.status_code == 403
    client.post(f"/api/requests/{request_id}/cancel", headers=headers)
    answer = client.post(
        f"/api/requests/{request_id}/import-existing", json={"path": str(inside)}, headers=headers
    )
    assert answer.status_code == 409 and "cannot take existing files" in answer.json()["message"]
