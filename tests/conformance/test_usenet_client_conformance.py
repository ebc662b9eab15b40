"""What every UsenetClient must do, against the real daemons (`realparts`): SABnzbd 5 and
NZBGet 21 fetching yEnc articles from INN on 127.0.0.1.

The download monitor relies on exactly these answers: a job id from add(), progress until the
history says done, the final folder as `content_path`, and a failed job (articles missing on the
server) reported as `error` with the client's reason.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from earmark.demo.parts.polling import wait_until
from earmark.demo.parts.processes import free_port
from earmark.integrations.download_clients.nzb import NzbFile, NzbUrl
from earmark.integrations.download_clients.nzbget.client import NzbgetClient
from earmark.integrations.download_clients.protocol import DownloadItem, UsenetClient
from earmark.integrations.download_clients.sabnzbd.client import SabnzbdClient
from earmark.integrations.errors import AuthFailed, Unreachable
from tests.harness.usenet import NewsServer, NzbgetDaemon, SabnzbdDaemon

pytestmark = [pytest.mark.realparts, pytest.mark.timeout(120)]

CATEGORY = "earmark-conformance"
UNKNOWN_ID = "999999"
FINISH_TIMEOUT_SECONDS = 60.0
ALL_ARTICLES = 100


@dataclass
class UsenetDriver:
    """An adapter signed in to a running client, and how to build a broken one."""

    client: UsenetClient
    with_secret: Callable[[str], UsenetClient]
    at_url: Callable[[str], UsenetClient]


@pytest.fixture(params=["sabnzbd", "nzbget"])
def driver(request: pytest.FixtureRequest, http_session: httpx.Client) -> UsenetDriver:
    if request.param == "sabnzbd":
        sab: SabnzbdDaemon = request.getfixturevalue("sabnzbd_daemon")
        return UsenetDriver(
            SabnzbdClient(sab.url, sab.api_key, http_session),
            lambda key: SabnzbdClient(sab.url, key, http_session),
            lambda url: SabnzbdClient(url, sab.api_key, http_session),
        )
    nzbget: NzbgetDaemon = request.getfixturevalue("nzbget_daemon")
    return UsenetDriver(
        NzbgetClient(nzbget.url, nzbget.username, nzbget.password, http_session),
        lambda password: NzbgetClient(nzbget.url, nzbget.username, password, http_session),
        lambda url: NzbgetClient(url, nzbget.username, nzbget.password, http_session),
    )


@pytest.fixture
def http_session() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=15.0) as client:
        yield client


@pytest.fixture
def release(
    tmp_path: Path, news_server: NewsServer
) -> Callable[..., tuple[dict[str, bytes], bytes]]:
    """Posts a fresh two-file release; returns its files and NZB (some articles missing)."""

    def post(title: str, missing: int = 0) -> tuple[dict[str, bytes], bytes]:
        folder = tmp_path / title
        folder.mkdir()
        files = {"Part 1.mp3": _noise(250_000, 1), "Part 2.mp3": _noise(90_000, 2)}
        for name, data in files.items():
            (folder / name).write_bytes(data)
        paths = [folder / name for name in files]
        return files, news_server.post_release(paths, title, missing=missing)

    return post


def _noise(size: int, seed: int) -> bytes:
    """Bytes that do not compress (every value occurs, yEnc escapes included)."""
    return bytes((i * 7919 + seed * 104_729 + (i >> 8)) & 0xFF for i in range(size))


def _unique(title: str) -> str:
    return f"{title} {free_port()}"


def _finished_or_failed(client: UsenetClient, job_id: str) -> DownloadItem:
    found: list[DownloadItem] = []

    def settled() -> bool:
        item = client.info(job_id)
        if item is not None and (item.is_finished or item.state == "error"):
            found.append(item)
            return True
        return False

    wait_until(settled, FINISH_TIMEOUT_SECONDS, f"job {job_id} did not finish", interval=0.5)
    return found[-1]


def test_connection_test_names_the_client_and_its_version(driver: UsenetDriver) -> None:
    report = driver.client.test()
    assert report.ok, report.message
    assert report.message.startswith("Connected to") and report.details["version"]


def test_nzb_file_downloads_into_the_category_folder_byte_for_byte(
    driver: UsenetDriver, release: Callable[..., tuple[dict[str, bytes], bytes]]
) -> None:
    title = _unique("Conformance By File")
    files, nzb = release(title)
    driver.client.ensure_category(CATEGORY, None)
    job_id = driver.client.add(NzbFile(nzb, f"{title}.nzb"), CATEGORY, None)
    assert job_id

    done = _finished_or_failed(driver.client, job_id)

    assert done.state == "completed", done.error_message
    assert (done.info_hash, done.progress, done.category) == (job_id, 1.0, CATEGORY)
    assert done.size_bytes >= sum(len(data) for data in files.values())
    folder = Path(done.content_path)
    assert done.save_path == str(folder.parent)
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.suffix == ".mp3"} == files
    driver.client.remove(job_id, delete_data=False)
    assert driver.client.info(job_id) is None


def test_nzb_url_is_fetched_by_the_client(
    driver: UsenetDriver, release: Callable[..., tuple[dict[str, bytes], bytes]]
) -> None:
    title = _unique("Conformance By Url")
    files, nzb = release(title)
    with _serving(nzb) as url:
        job_id = driver.client.add(NzbUrl(url), CATEGORY, None)
        done = _finished_or_failed(driver.client, job_id)

    assert done.state == "completed", done.error_message
    assert sorted(p.name for p in Path(done.content_path).glob("*.mp3")) == sorted(files)


def test_missing_articles_fail_the_job_with_the_clients_reason(
    driver: UsenetDriver, release: Callable[..., tuple[dict[str, bytes], bytes]]
) -> None:
    # Taken down: none of the release's articles is on the server any more.
    _, nzb = release(_unique("Conformance Missing"), missing=ALL_ARTICLES)
    job_id = driver.client.add(NzbFile(nzb), CATEGORY, None)

    failed = _finished_or_failed(driver.client, job_id)

    assert failed.state == "error" and not failed.is_finished
    assert failed.error_message, failed
    driver.client.remove(job_id, delete_data=True)
    # A failed job may still be leaving post-processing: its removal can take a moment.
    wait_until(lambda: driver.client.info(job_id) is None, 15.0, f"{job_id} was not removed")


def test_unknown_job_is_not_listed_and_removing_it_is_fine(driver: UsenetDriver) -> None:
    assert driver.client.info(UNKNOWN_ID) is None
    driver.client.remove(UNKNOWN_ID, delete_data=True)


def test_wrong_secret_is_reported_by_the_test_and_raised_by_calls(driver: UsenetDriver) -> None:
    refused = driver.with_secret("not-the-secret")

    report = refused.test()

    assert not report.ok and report.details["error"] == "AuthFailed"
    with pytest.raises(AuthFailed, match="wrong"):
        refused.info(UNKNOWN_ID)


def test_client_not_running_is_unreachable(driver: UsenetDriver) -> None:
    down = driver.at_url(f"http://127.0.0.1:{free_port()}")

    report = down.test()

    assert not report.ok and report.details["error"] == "Unreachable"
    with pytest.raises(Unreachable):
        down.info(UNKNOWN_ID)


class _OneDocument(BaseHTTPRequestHandler):
    body = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/x-nzb")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        """Quiet."""


class _serving:  # noqa: N801 - reads as a context manager
    """Serves one NZB on 127.0.0.1 while the block runs."""

    def __init__(self, body: bytes) -> None:
        handler = type("Handler", (_OneDocument,), {"body": body})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> str:
        self._thread.start()
        return f"http://127.0.0.1:{self._server.server_address[1]}/release.nzb"

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
