"""`earmark serve --workers N`: N web processes on one port, PostgreSQL only."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import httpx
from typer.testing import CliRunner

from earmark.cli import app
from earmark.db.engine import transaction
from earmark.demo.parts.processes import free_port
from earmark.requests.models import Request
from earmark.requests.states import RequestStatus
from earmark.security.crypto import generate_key_text
from earmark.security.tokens import TokenIssuer
from earmark.settings import BootSettings
from earmark.users.models import User
from earmark.wiring import build_services
from tests.api.web.seed import add_request

STREAMS = 6


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.extend(int(child) for child in (task / "children").read_text().split())
    return found


def _web_processes(pid: int) -> list[int]:
    """The supervisor's children that serve (multiprocessing's resource tracker does not)."""
    return [
        child
        for child in _children(pid)
        if "resource_tracker" not in Path(f"/proc/{child}/cmdline").read_text()
    ]


def test_serve_workers_two_web_processes_on_postgresql_refused_on_sqlite(
    database_url: str, tmp_path: Path
) -> None:
    if database_url.startswith("postgresql"):
        _serve_two_web_processes(database_url, tmp_path)
    else:
        _refused_on_sqlite(database_url, tmp_path)


def _refused_on_sqlite(database_url: str, tmp_path: Path) -> None:
    env = {"EARMARK_DATABASE_URL": database_url, "EARMARK_DATA_DIR": str(tmp_path)}
    result = CliRunner().invoke(app, ["serve", "--workers", "2"], env=env)
    assert result.exit_code == 2
    assert "--workers needs PostgreSQL" in result.output


def _serve_two_web_processes(database_url: str, tmp_path: Path) -> None:
    port = free_port()
    env = os.environ | {
        "EARMARK_DATABASE_URL": database_url,
        "EARMARK_DATA_DIR": str(tmp_path),
        "EARMARK_ENCRYPTION_KEY": generate_key_text(),
        "EARMARK_LOG_LEVEL": "WARNING",
    }
    earmark = Path(sys.executable).with_name("earmark")
    command = [str(earmark), "serve", "--workers", "2", "--port", str(port)]
    process = subprocess.Popen(command, env=env)
    try:
        deadline, answer = time.monotonic() + 120, None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert answer is not None and answer.status_code == 200
        assert answer.json()["database_backend"] == "postgresql"
        assert len(_web_processes(process.pid)) == 2
        _live_changes_reach_every_process(f"http://127.0.0.1:{port}", env, tmp_path)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert process.returncode == 0


class _Stream:
    """One open `/api/live` stream, read line by line on its own thread."""

    def __init__(self, response: httpx.Response) -> None:
        self._lines = response.iter_lines()
        self.events: list[tuple[str, str]] = []

    def read_until(self, done: Callable[[], bool], seconds: float) -> bool:
        """Read events until `done()` holds after one of them (False at the deadline)."""
        deadline, name = time.monotonic() + seconds, ""
        while time.monotonic() < deadline:
            line = next(self._lines)
            if line.startswith("event: "):
                name = line.removeprefix("event: ")
            elif line.startswith("data: "):
                self.events.append((name, line.removeprefix("data: ")))
                if done():
                    return True
        return False

    def ready(self) -> bool:
        return self.read_until(lambda: self.events[-1][0] == "ready", 20)

    def heard_changes_of(self, *request_ids: uuid.UUID) -> bool:
        def heard() -> bool:
            changes = "".join(data for name, data in self.events if name == "change")
            return all(str(request_id) in changes for request_id in request_ids)

        return self.read_until(heard, 20)


def _live_changes_reach_every_process(base_url: str, env: dict[str, str], tmp_path: Path) -> None:
    """Every open stream, whichever web process serves it, hears a change committed by another
    process: this test's own (no web process) and, through the API, whichever one answers."""
    services = build_services(
        BootSettings(
            database_url=env["EARMARK_DATABASE_URL"],
            data_dir=tmp_path,
            encryption_key=env["EARMARK_ENCRYPTION_KEY"],
        )
    )
    try:
        with transaction(services.sessions) as session:
            user = User(plex_id="plex-live", plex_username="live", role="user")
            session.add(user)
        by_test = add_request(services, user, "Heard Everywhere", "pending")
        by_api = add_request(services, user, "Cancelled Elsewhere", "pending")
        issuer = TokenIssuer(services.cipher.derive_key("session-tokens"))
        token = issuer.issue(user.id, user.session_version, "access", services.clock.now())
        headers = {"Authorization": f"Bearer {token}"}
        with (
            httpx.Client(headers=headers, timeout=30) as client,
            ThreadPoolExecutor(max_workers=STREAMS) as pool,
            ExitStack() as open_streams,
        ):
            streams = [
                _Stream(open_streams.enter_context(client.stream("GET", f"{base_url}/api/live")))
                for _ in range(STREAMS)
            ]
            assert all(pool.map(_Stream.ready, streams))
            time.sleep(1)  # each process starts LISTENing on a thread of its own at start-up

            with transaction(services.sessions) as session:
                changed = session.get(Request, by_test)
                assert changed is not None
                changed.status = RequestStatus.SEARCHING
            cancel = client.post(f"{base_url}/api/requests/{by_api}/cancel", timeout=10)
            assert cancel.status_code == 200, cancel.text

            assert all(pool.map(lambda s: s.heard_changes_of(by_test, by_api), streams))
    finally:
        services.close()
