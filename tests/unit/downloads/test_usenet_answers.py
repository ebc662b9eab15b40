"""SABnzbd's and NZBGet's answers as the adapters read them, from the daemons' real field shapes
(../shared/reference/real-components.md §2): SABnzbd's numbers as strings and its `Completed`
slot without `storage` while it still moves files; NZBGet's sizes in 32-bit halves."""

from __future__ import annotations

import json

import httpx
import pytest

from earmark.core.errors import InvalidInput
from earmark.integrations.download_clients.nzb import NzbFile, nzb_filename
from earmark.integrations.download_clients.nzbget.client import NzbgetClient
from earmark.integrations.download_clients.sabnzbd.client import SabnzbdClient

NZO = "SABnzbd_nzo_abc123"


def _sabnzbd(queue: list[dict[str, object]], history: list[dict[str, object]]) -> SabnzbdClient:
    def answer(request: httpx.Request) -> httpx.Response:
        form = dict(httpx.QueryParams(request.content.decode()))
        assert "apikey" not in str(request.url)  # the key travels in the body only
        if form["mode"] == "queue":
            return httpx.Response(200, json={"queue": {"slots": queue}})
        return httpx.Response(200, json={"history": {"slots": history}})

    http = httpx.Client(transport=httpx.MockTransport(answer))
    return SabnzbdClient("http://sab:8080", "k" * 32, http)


def test_sabnzbd_queue_slot_numbers_come_as_strings() -> None:
    slot = {"nzo_id": NZO, "filename": "Book", "cat": "earmark", "status": "Downloading",
            "mb": "100.00", "mbleft": "25.00", "timeleft": "0:01:05"}  # fmt: skip
    item = _sabnzbd([slot], []).info(NZO)
    assert item is not None
    assert (item.state, item.progress, item.eta_seconds) == ("downloading", 0.75, 65)
    assert item.size_bytes == 100 * 1024 * 1024 and item.category == "earmark"


def test_sabnzbd_completed_without_storage_is_not_finished_yet() -> None:
    moving = {"nzo_id": NZO, "name": "Book", "status": "Completed", "storage": "", "bytes": "9"}
    item = _sabnzbd([], [moving]).info(NZO)
    assert item is not None and not item.is_finished and item.content_path == ""


def test_sabnzbd_completed_with_storage_gives_the_final_folder() -> None:
    done = {"nzo_id": NZO, "name": "Book", "status": "Completed", "bytes": "1234",
            "storage": "/data/complete/earmark/Book", "completed": 1700000000}  # fmt: skip
    item = _sabnzbd([], [done]).info(NZO)
    assert item is not None and item.is_finished
    assert (item.content_path, item.save_path) == (
        "/data/complete/earmark/Book",
        "/data/complete/earmark",
    )
    assert item.size_bytes == 1234 and item.completed_at is not None


def test_sabnzbd_failed_job_carries_its_fail_message() -> None:
    failed = {"nzo_id": NZO, "name": "Book", "status": "Failed", "storage": "/inc/Book",
              "fail_message": "Download failed - Not on your server(s)"}  # fmt: skip
    item = _sabnzbd([], [failed]).info(NZO)
    assert item is not None and item.state == "error"
    assert item.error_message == "Download failed - Not on your server(s)"


def _nzbget(groups: list[dict[str, object]], history: list[dict[str, object]]) -> NzbgetClient:
    def answer(request: httpx.Request) -> httpx.Response:
        method = json.loads(request.content)["method"]
        result = groups if method == "listgroups" else history
        return httpx.Response(200, json={"version": "1.1", "result": result})

    return NzbgetClient(
        "http://nzbget:6789", "u", "p", httpx.Client(transport=httpx.MockTransport(answer))
    )


def test_nzbget_sizes_are_read_from_their_32_bit_halves() -> None:
    group = {"NZBID": 7, "NZBName": "Book", "Category": "earmark", "Status": "DOWNLOADING",
             "FileSizeMB": 0, "FileSizeLo": 800_000, "FileSizeHi": 0,
             "RemainingSizeLo": 200_000, "RemainingSizeHi": 0}  # fmt: skip
    item = _nzbget([group], []).info("7")
    assert item is not None
    assert (item.state, item.size_bytes, item.progress) == ("downloading", 800_000, 0.75)
    big = {**group, "FileSizeLo": 0, "FileSizeHi": 1, "RemainingSizeLo": 0, "RemainingSizeHi": 0}
    item = _nzbget([big], []).info("7")
    assert item is not None and item.size_bytes == 1 << 32


def test_nzbget_post_processing_is_not_finished_and_history_success_is() -> None:
    unpacking = {"NZBID": 7, "NZBName": "Book", "Status": "UNPACKING", "FileSizeLo": 10}
    item = _nzbget([unpacking], []).info("7")
    assert item is not None and item.state == "checking" and not item.is_finished
    done = {"NZBID": 7, "Name": "Book", "Status": "SUCCESS/HEALTH", "DestDir": "/dst/Book",
            "FinalDir": "", "FileSizeLo": 10, "HistoryTime": 1700000000}  # fmt: skip
    item = _nzbget([], [done]).info("7")
    assert item is not None and item.is_finished and item.content_path == "/dst/Book"


def test_nzbget_health_failure_names_the_missing_articles() -> None:
    failed = {"NZBID": 7, "Name": "Book", "Status": "FAILURE/HEALTH", "DestDir": "/inter/Book"}
    item = _nzbget([], [failed]).info("7")
    assert item is not None and item.state == "error"
    assert item.error_message == "FAILURE/HEALTH: articles are missing on the news server"


def test_an_nzb_must_be_an_nzb_document() -> None:
    with pytest.raises(InvalidInput, match="NZB"):
        NzbFile(b"<html>login required</html>")
    assert nzb_filename('Author - Title: "Part" 1/2') == "Author - Title_ _Part_ 1_2.nzb"
