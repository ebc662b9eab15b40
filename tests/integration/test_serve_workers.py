"""`earmark serve --workers N`: N web processes on one port, PostgreSQL only."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from typer.testing import CliRunner

from earmark.cli import app
from earmark.demo.parts.processes import free_port
from earmark.security.crypto import generate_key_text


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
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert process.returncode == 0
