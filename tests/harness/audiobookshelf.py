"""A real Audiobookshelf 2.36.0 server on 127.0.0.1 with a root user, an API key and a book library.

The server is built once per machine by scripts/setup-audiobookshelf.sh (npm ci outside the
checkout, before the tests enter their network namespace); tests are skipped when it is not built
(and fail under CI, where it must be).
"""

from __future__ import annotations

import os
import shutil
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from earmark.demo.parts.polling import wait_until
from earmark.demo.parts.processes import DaemonProcess, free_port, start_daemon, wait_for_port

ROOT_USERNAME = "root"
ROOT_PASSWORD = "earmark-root-password"
_STARTUP_SECONDS = 60.0


def build_dir() -> Path:
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return Path(os.environ.get("EARMARK_ABS_DIR") or cache / "earmark-test" / "abs")


def require_built() -> Path:
    import pytest  # here, not at the top: the harness is importable without pytest

    folder = build_dir()
    if not (folder / ".built").is_file() or shutil.which("node") is None:
        message = f"Audiobookshelf is not built in {folder}: run scripts/setup-audiobookshelf.sh"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return folder


@dataclass
class AudiobookshelfDaemon:
    workdir: Path
    library_folder: Path
    port: int = field(default_factory=free_port)
    daemon: DaemonProcess | None = None
    api_key: str = ""
    root_id: str = ""
    library_id: str = ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> AudiobookshelfDaemon:
        source = require_built()
        config, metadata = self.workdir / "abs-config", self.workdir / "abs-metadata"
        for folder in (config, metadata, self.library_folder):
            folder.mkdir(parents=True, exist_ok=True)
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.workdir),
            "NODE_ENV": "production",
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "CONFIG_PATH": str(config),
            "METADATA_PATH": str(metadata),
            "SOURCE": "debian",
            "FFMPEG_PATH": shutil.which("ffmpeg") or "/usr/bin/ffmpeg",
            "FFPROBE_PATH": shutil.which("ffprobe") or "/usr/bin/ffprobe",
            "SKIP_BINARIES_CHECK": "1",
            "RATE_LIMIT_AUTH_MAX": "0",
        }
        self.daemon = start_daemon(
            "audiobookshelf",
            ["node", str(source / "index.js")],
            self.workdir / "logs",
            env=env,
            cwd=source,
            stop_signal=signal.SIGINT,
        )
        wait_for_port(self.daemon, self.port, _STARTUP_SECONDS)
        wait_until(self._answers_status, _STARTUP_SECONDS, self._log_tail, interval=0.1)
        init = {"newRoot": {"username": ROOT_USERNAME, "password": ROOT_PASSWORD}}
        httpx.post(self.url + "/init", json=init, timeout=30).raise_for_status()
        user = self.login(ROOT_USERNAME, ROOT_PASSWORD)
        self.root_id = user["id"]
        self.api_key = self.create_api_key(user["accessToken"], self.root_id)
        library = self.request(
            "POST",
            "/api/libraries",
            {
                "name": "Audiobooks",
                "folders": [{"fullPath": str(self.library_folder)}],
                "mediaType": "book",
                "provider": "audible",
            },
        )
        self.library_id = library["id"]
        return self

    def stop(self) -> None:
        if self.daemon is not None:
            self.daemon.stop()

    def __enter__(self) -> AudiobookshelfDaemon:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def login(self, username: str, password: str) -> dict[str, Any]:
        body = {"username": username, "password": password}
        response = httpx.post(self.url + "/login", json=body, timeout=30)
        response.raise_for_status()
        return dict(response.json()["user"])

    def create_api_key(self, token: str, user_id: str, name: str = "earmark") -> str:
        answer = self.request(
            "POST",
            "/api/api-keys",
            {"name": name, "userId": user_id, "isActive": True},
            token=token,
        )
        return str(answer["apiKey"]["apiKey"])

    def create_user(self, username: str, password: str, kind: str = "user") -> dict[str, Any]:
        body = {"username": username, "password": password, "type": kind, "isActive": True}
        return dict(self.request("POST", "/api/users", body)["user"])

    def scan(self, timeout_seconds: float = 60.0) -> None:
        """A library scan, waited for (it runs in the background)."""
        self.request("POST", f"/api/libraries/{self.library_id}/scan", expect_json=False)
        self.wait_idle(timeout_seconds)

    def scan_until_listed(self, folder: Path, timeout_seconds: float = 30.0) -> dict[str, Any]:
        """A library scan, then wait until the item of `folder` is listed (the watcher's own
        pending scan of the same files may still be queued; `scan` would wait for it too)."""
        self.request("POST", f"/api/libraries/{self.library_id}/scan", expect_json=False)
        found: dict[str, Any] = wait_until(
            lambda: next((i for i in self.items() if i["path"] == str(folder)), None),
            timeout_seconds,
            f"Audiobookshelf did not list {folder}",
            interval=0.2,
        )
        return found

    def wait_idle(self, timeout_seconds: float = 60.0) -> None:
        time.sleep(0.2)  # the scan task is registered just after the answer
        wait_until(
            lambda: not self.request("GET", "/api/tasks").get("tasks"),
            timeout_seconds,
            "Audiobookshelf's tasks did not finish",
            interval=0.2,
        )

    def items(self) -> list[dict[str, Any]]:
        answer = self.request("GET", f"/api/libraries/{self.library_id}/items")
        return list(answer["results"])

    def request(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        expect_json: bool = True,
    ) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {token or self.api_key}"}
        response = httpx.request(method, self.url + path, json=body, headers=headers, timeout=30)
        response.raise_for_status()
        return dict(response.json()) if expect_json else {}

    def _answers_status(self) -> bool:
        try:
            return httpx.get(self.url + "/status", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def _log_tail(self) -> str:
        tail = self.daemon.log_tail() if self.daemon else ""
        return f"Audiobookshelf did not answer /status:\n{tail}"
