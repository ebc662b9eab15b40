"""`earmark demo --data-dir` starts again on the folder it made and keeps its books and library."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest

from earmark.demo.client import EarmarkApi
from earmark.demo.parts.processes import free_port
from earmark.demo.stack import earmark_executable, required_programs
from tests.harness.programs import require_programs

pytestmark = [pytest.mark.e2e, pytest.mark.realparts]
READY_LINE = "Press Ctrl+C to stop."
START_TIMEOUT_SECONDS = 180.0
DOWNLOAD_TIMEOUT_SECONDS = 180.0


class RunningDemo:
    """One `earmark demo` process; stopped with Ctrl+C (SIGINT) as a person would."""

    def __init__(self, data_dir: Path, port: int, password: str, log: Path) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.log = log
        self._output = log.open("w")
        argv = [
            earmark_executable(),
            "demo",
            "--port",
            str(port),
            "--data-dir",
            str(data_dir),
            "--admin-password",
            password,
        ]
        self.process = subprocess.Popen(argv, stdout=self._output, stderr=subprocess.STDOUT)
        self._wait_until_ready()

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if READY_LINE in self.log.read_text():
                return
            if self.process.poll() is not None:
                self._output.close()
                pytest.fail(
                    f"earmark demo exited with {self.process.returncode}:\n{self.log.read_text()}"
                )
            time.sleep(1)
        self.stop()
        pytest.fail(f"earmark demo did not get ready:\n{self.log.read_text()}")

    def listed_titles(self) -> list[str]:
        return [
            line.strip()[2:].split(" by ")[0]
            for line in self.log.read_text().splitlines()
            if line.startswith("    - ")
        ]

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        assert self.process.wait(timeout=60) == 0, self.log.read_text()
        self._output.close()


def _request_and_wait(api: EarmarkApi, title: str) -> str:
    book = next(b for b in api.popular_books() if b["title"] == title)
    created = api.request_book(book["asin"])
    api.wait_for_status(created["id"], {"available"}, DOWNLOAD_TIMEOUT_SECONDS)
    return str(created["id"])


def test_demo_starts_twice_on_one_data_dir_and_keeps_its_library(tmp_path: Path) -> None:
    require_programs(required_programs(with_bittorrent=True), "the demo's BitTorrent part")
    data_dir, port = tmp_path / "demo", free_port()

    first = RunningDemo(data_dir, port, "first-password", tmp_path / "first.log")
    try:
        first_titles = first.listed_titles()
        api = EarmarkApi(first.url)
        api.sign_in("admin", "first-password")
        kept_request = _request_and_wait(api, first_titles[0])
        api.close()
    finally:
        first.stop()
    library_files = sorted(p.relative_to(data_dir) for p in (data_dir / "library").rglob("*.mp3"))
    assert library_files

    second = RunningDemo(data_dir, port, "second-password", tmp_path / "second.log")
    try:
        assert second.listed_titles() == first_titles
        api = EarmarkApi(second.url)
        api.sign_in("admin", "second-password")  # the new password was set on the kept admin
        assert api.read_request(kept_request)["status"] == "available"
        _request_and_wait(api, first_titles[1])  # qBittorrent answers on this run's port
        api.close()
    finally:
        second.stop()
    kept = sorted(p.relative_to(data_dir) for p in (data_dir / "library").rglob("*.mp3"))
    assert set(library_files) < set(kept)
