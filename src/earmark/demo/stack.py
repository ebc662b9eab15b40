"""The whole product on loopback: real daemons, contract fakes, and Earmark run by its own CLI.

Not pytest-specific: the e2e scenarios and `earmark demo` both build an `EarmarkStack`. Earmark
runs as separate processes (`earmark serve --no-worker` and `earmark worker`), configured through
its EARMARK_* environment and the configuration table, exactly as an operator would run it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import httpx

from earmark.db.engine import transaction
from earmark.demo.fakes.audible import build_app as build_audible_app
from earmark.demo.fakes.plex_server import FakePlexLibrary
from earmark.demo.fakes.plex_server import build_app as build_plex_app
from earmark.demo.fakes.plex_tv import FakePlexTv
from earmark.demo.fakes.prowlarr import FakeProwlarr
from earmark.demo.fakes.server import serve_app
from earmark.demo.parts.daemons import Opentracker, QbittorrentDaemon, TransmissionDaemon
from earmark.demo.parts.deluge_daemon import DELUGE_PROGRAMS, DelugeDaemon
from earmark.demo.parts.processes import (
    BITTORRENT_PROGRAMS,
    DaemonProcess,
    free_port,
    not_installed,
    start_daemon,
)
from earmark.security.crypto import generate_key_text
from earmark.settings import BootSettings
from earmark.users.repository import find_setup_admin
from earmark.wiring import Services, build_services, push

AUDIO_PROGRAMS = ("ffmpeg", "ffprobe")
PROWLARR_INDEXER_ID = 7
PROWLARR_INDEXER_NAME = "LoopbackTracker"
PLEX_TOKEN = "e2e-plex-token"
STARTUP_TIMEOUT_SECONDS = 60.0


def required_programs(with_bittorrent: bool = True, with_deluge: bool = False) -> tuple[str, ...]:
    """System programs the stack needs."""
    deluge = DELUGE_PROGRAMS if with_deluge else ()
    return AUDIO_PROGRAMS + (BITTORRENT_PROGRAMS if with_bittorrent else ()) + deluge


def missing_programs(with_bittorrent: bool = True) -> list[str]:
    """System programs the stack needs that are not installed here."""
    return not_installed(required_programs(with_bittorrent))


@dataclass(frozen=True)
class StackOptions:
    workdir: Path
    database_url: str | None = None  # None: SQLite inside the data folder
    library_root: Path | None = None  # None: <workdir>/library (same filesystem: hardlinks)
    with_bittorrent: bool = True
    # Earmark's download client: qBittorrent, or Deluge (deluged needs a network namespace).
    download_client: Literal["qbittorrent", "deluge"] = "qbittorrent"
    separate_worker: bool = True
    web_port: int | None = None
    catalog_size: int = 40
    admin_username: str = "admin"
    admin_password: str = "e2e-admin-password"


@dataclass
class FakeUrls:
    audible: str = ""
    prowlarr: str = ""
    plex_server: str = ""
    plex_tv: str = ""


@dataclass
class EarmarkStack:
    """Start with start() (or `with`); everything started is stopped by PID in stop()."""

    options: StackOptions
    encryption_key: str = field(default_factory=generate_key_text)
    prowlarr: FakeProwlarr = field(default_factory=FakeProwlarr)
    plex_tv: FakePlexTv = field(default_factory=FakePlexTv)
    urls: FakeUrls = field(default_factory=FakeUrls)
    tracker: Opentracker | None = None
    seeder: TransmissionDaemon | None = None
    qbittorrent: QbittorrentDaemon | None = None
    deluge: DelugeDaemon | None = None
    web: DaemonProcess | None = None
    worker: DaemonProcess | None = None
    services: Services | None = None
    _exits: ExitStack = field(default_factory=ExitStack)
    _worker_count: int = 0

    def __post_init__(self) -> None:
        self.library = FakePlexLibrary(self.library_root, token=PLEX_TOKEN)
        self.audible_app: Any = build_audible_app(product_count=self.options.catalog_size, drawn_covers=True)
        self.web_port = self.options.web_port or free_port()

    # --- layout ----------------------------------------------------------------------------

    @property
    def workdir(self) -> Path:
        return self.options.workdir

    @property
    def data_dir(self) -> Path:
        return self.workdir / "data"

    @property
    def library_root(self) -> Path:
        return self.options.library_root or self.workdir / "library"

    @property
    def downloads_dir(self) -> Path:
        return self.workdir / "downloads"

    @property
    def seed_dir(self) -> Path:
        return self.workdir / "seed"

    @property
    def logs_dir(self) -> Path:
        return self.workdir / "logs"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    @property
    def db(self) -> Services:
        assert self.services is not None, "start the stack first"
        return self.services

    # --- lifecycle -------------------------------------------------------------------------

    def __enter__(self) -> EarmarkStack:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def start(self) -> EarmarkStack:
        for folder in (self.library_root, self.downloads_dir, self.seed_dir, self.logs_dir):
            folder.mkdir(parents=True, exist_ok=True)
        try:
            if self.options.with_bittorrent:
                self._start_bittorrent()
            self._start_fakes()
            self._prepare_database()
            self._start_web()
            if self.options.separate_worker:
                self.start_worker()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        for process in (self.worker, self.web):
            if process is not None:
                process.stop()
        for daemon in (self.qbittorrent, self.deluge, self.seeder, self.tracker):
            if daemon is not None:
                daemon.stop()
        self._exits.close()
        if self.services is not None:
            self.services.close()
            self.services = None

    def _start_bittorrent(self) -> None:
        bt_dir = self.workdir / "bittorrent"
        self.tracker = Opentracker(bt_dir).start()
        self.seeder = TransmissionDaemon(bt_dir, self.seed_dir, name="seeder").start()
        if self.options.download_client == "deluge":
            self.deluge = DelugeDaemon(bt_dir, self.downloads_dir, name="deluge").start()
            return
        self.qbittorrent = QbittorrentDaemon(bt_dir, self.downloads_dir, name="qbittorrent")
        self.qbittorrent.start()

    def _start_fakes(self) -> None:
        self.prowlarr.add_indexer(PROWLARR_INDEXER_ID, PROWLARR_INDEXER_NAME)
        self.urls.audible = self._exits.enter_context(serve_app(self.audible_app))
        self.urls.prowlarr = self._exits.enter_context(serve_app(self.prowlarr.app()))
        self.urls.plex_server = self._exits.enter_context(serve_app(build_plex_app(self.library)))
        self.urls.plex_tv = self._exits.enter_context(serve_app(self.plex_tv.app))

    def boot_settings(self) -> BootSettings:
        return BootSettings(
            data_dir=self.data_dir,
            database_url=self.options.database_url,
            encryption_key=self.encryption_key,
            audible_api_url=self.urls.audible,
            audnexus_url=self.urls.audible,
            plex_tv_url=self.urls.plex_tv,
        )

    def _prepare_database(self) -> None:
        """Schema, runtime settings and the admin, before any Earmark process reads them."""
        self.services = build_services(self.boot_settings())
        push(self.services)
        self.services.config.set_many(self.runtime_settings())
        # A data folder kept from an earlier run (`earmark demo --data-dir`) has its admin already.
        with transaction(self.services.sessions) as session:
            admin_exists = find_setup_admin(session) is not None
        self.run_cli(
            "user",
            "create-admin",
            "--username",
            self.options.admin_username,
            "--password",
            self.options.admin_password,
            *(["--reset-password"] if admin_exists else []),
        )

    def runtime_settings(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "setup.completed": True,
            "plex.server_url": self.urls.plex_server,
            "plex.auth_token": PLEX_TOKEN,
            "plex.library_id": self.library.section_id,
            "indexer.prowlarr_url": self.urls.prowlarr,
            "indexer.prowlarr_api_key": self.prowlarr.api_key,
            "indexer.prowlarr_indexers": [
                {"id": PROWLARR_INDEXER_ID, "name": PROWLARR_INDEXER_NAME, "priority": 25}
            ],
            "paths.downloads": str(self.downloads_dir),
            "paths.media": str(self.library_root),
            "paths.template": "{author}/{title}",
        }
        if self.qbittorrent is not None:
            values |= {
                "download_client.type": "qbittorrent",
                "download_client.qbittorrent_url": self.qbittorrent.url,
                "download_client.qbittorrent_username": self.qbittorrent.username,
                "download_client.qbittorrent_password": self.qbittorrent.password,
            }
        if self.deluge is not None:
            values |= {
                "download_client.type": "deluge",
                "download_client.deluge_url": self.deluge.url,
                "download_client.deluge_password": self.deluge.password,
            }
        return values

    # --- Earmark processes -----------------------------------------------------------------

    def _environment(self) -> list[str]:
        settings = {
            "EARMARK_DATA_DIR": str(self.data_dir),
            "EARMARK_ENCRYPTION_KEY": self.encryption_key,
            "EARMARK_AUDIBLE_API_URL": self.urls.audible,
            "EARMARK_AUDNEXUS_URL": self.urls.audible,
            "EARMARK_PLEX_TV_URL": self.urls.plex_tv,
            "EARMARK_LOG_LEVEL": "INFO",
        }
        if self.options.database_url:
            settings["EARMARK_DATABASE_URL"] = self.options.database_url
        return [f"{name}={value}" for name, value in settings.items()]

    def _earmark_argv(self, *arguments: str) -> list[str]:
        # `env` execs in place, so the PID we keep is Earmark's own (signals reach it).
        return ["env", *self._environment(), earmark_executable(), *arguments]

    def run_cli(self, *arguments: str) -> str:
        done = subprocess.run(
            self._earmark_argv(*arguments), check=False, capture_output=True, text=True, timeout=120
        )
        if done.returncode != 0:
            raise RuntimeError(f"earmark {' '.join(arguments[:2])} failed: {done.stderr[-2000:]}")
        return done.stdout

    def _start_web(self) -> None:
        # The port was picked before the daemons started; one of them may have taken it since.
        for attempt in range(3):
            arguments = ["serve", "--port", str(self.web_port)]
            if self.options.separate_worker:
                arguments.append("--no-worker")
            self.web = start_daemon("earmark-web", self._earmark_argv(*arguments), self.logs_dir)
            try:
                wait_for_health(self.web, f"{self.base_url}/api/health")
                return
            except RuntimeError:
                taken = "address already in use" in self.web.log_tail(4000)
                if not taken or self.options.web_port or attempt == 2:
                    raise
                self.web_port = free_port()

    def start_worker(self) -> DaemonProcess:
        """A fresh `earmark worker` process (each gets its own log file)."""
        self._worker_count += 1
        name = f"earmark-worker-{self._worker_count}"
        argv = self._earmark_argv("worker", "--concurrency", "2")
        self.worker = start_daemon(name, argv, self.logs_dir)
        return self.worker

    def kill_worker(self) -> None:
        """SIGKILL, as a crash or the OOM killer would: no job gets to finish cleanly."""
        assert self.worker is not None and self.worker.running, "no worker is running"
        os.kill(self.worker.pid, signal.SIGKILL)
        self.worker.process.wait(10)

    def earmark_logs(self) -> str:
        """The tail of every Earmark log, for failure messages."""
        parts = []
        for log in sorted(self.logs_dir.glob("earmark-*.log")):
            parts.append(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}")
        return "\n".join(parts)


def earmark_executable() -> str:
    beside_python = Path(sys.executable).with_name("earmark")
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("earmark")
    if found is None:
        raise RuntimeError("the `earmark` command is not installed in this environment")
    return found


def wait_for_health(process: DaemonProcess, url: str) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if not process.running:
            raise RuntimeError(f"{process.name} exited at start-up:\n{process.log_tail(4000)}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{process.name} did not answer {url} in {STARTUP_TIMEOUT_SECONDS} s")
