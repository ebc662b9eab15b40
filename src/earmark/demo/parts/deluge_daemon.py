"""Deluge 2 on loopback: `deluged` and `deluge-web` (its JSON-RPC front) sharing one config folder.

deluged creates its libtorrent session with libtorrent's defaults (DHT, LSD, UPnP on) before it
applies core.conf, so it must run inside a network namespace (scripts/loopback-only.sh). It
listens for peers on 127.0.0.3: Transmission keys peers by IP, and the seeders use 127.0.0.1.

deluge-web starts disconnected, with the daemon as the only entry of its host list (as a fresh
install with one daemon looks): connecting it is the adapter's job.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from earmark.demo.parts.processes import DaemonProcess, free_port, start_daemon, wait_for_port

DELUGE_PROGRAMS = ("deluged", "deluge-web")
PEER_ADDRESS = "127.0.0.3"
DAEMON_USER = "earmark"
# Config files are two JSON objects: the file's format version, then the data.
_FILE_VERSIONS = {"core.conf": 1, "hostlist.conf": 3, "web.conf": 2}


def _write_config(folder: Path, name: str, body: dict[str, Any]) -> None:
    header = json.dumps({"file": _FILE_VERSIONS[name], "format": 1}, indent=2)
    (folder / name).write_text(header + json.dumps(body, indent=2))


@dataclass
class DelugeDaemon:
    workdir: Path
    download_dir: Path
    name: str = "deluge"
    rpc_port: int = field(default_factory=free_port)
    peer_port: int = field(default_factory=lambda: free_port(PEER_ADDRESS))
    web_port: int = field(default_factory=free_port)
    daemon_password: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    password: str = field(default_factory=lambda: secrets.token_urlsafe(12))  # the Web UI's
    host_port: int | None = None  # the host list's daemon port, when it should be another
    processes: list[DaemonProcess] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    @property
    def config_dir(self) -> Path:
        return self.workdir / self.name

    def start(self) -> DelugeDaemon:
        self.config_dir.mkdir(parents=True, exist_ok=True)
        self.download_dir.mkdir(parents=True, exist_ok=True)
        self._write_configs()
        config, logs = str(self.config_dir), self.workdir / "logs"
        daemon = ["deluged", "-d", "-c", config, "-u", "127.0.0.1", "-p", str(self.rpc_port)]
        daemon += ["-i", PEER_ADDRESS, "-o", PEER_ADDRESS, "-L", "info"]
        self._launch(f"{self.name}-daemon", daemon, self.rpc_port, logs)
        web = ["deluge-web", "-d", "-c", config, "-i", "127.0.0.1", "-p", str(self.web_port)]
        self._launch(f"{self.name}-web", [*web, "-L", "info"], self.web_port, logs)
        return self

    def start_web_only(self) -> DelugeDaemon:
        """deluge-web alone, its host list naming a daemon that is not running."""
        self.config_dir.mkdir(parents=True, exist_ok=True)
        self._write_configs()
        web = ["deluge-web", "-d", "-c", str(self.config_dir), "-i", "127.0.0.1"]
        web += ["-p", str(self.web_port)]
        self._launch(f"{self.name}-web", web, self.web_port, self.workdir / "logs")
        return self

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()
        self.processes.clear()

    def _launch(self, name: str, argv: list[str], port: int, logs: Path) -> None:
        process = start_daemon(name, argv, logs)
        self.processes.append(process)
        wait_for_port(process, port)

    def _write_configs(self) -> None:
        folder = self.config_dir
        _write_config(folder, "core.conf", self._core())
        # deluge-web reads the `localclient` account (deluged writes one on its first start).
        accounts = (
            f"localclient:{secrets.token_hex(20)}:10\n{DAEMON_USER}:{self.daemon_password}:10\n"
        )
        (folder / "auth").write_text(accounts)
        (folder / "auth").chmod(0o600)
        host = [secrets.token_hex(20), "127.0.0.1", self.host_port or self.rpc_port]
        _write_config(
            folder, "hostlist.conf", {"hosts": [[*host, DAEMON_USER, self.daemon_password]]}
        )
        salt = secrets.token_hex(20)
        digest = hashlib.sha1((salt + self.password).encode(), usedforsecurity=False).hexdigest()
        web = {"pwd_salt": salt, "pwd_sha1": digest, "default_daemon": "", "first_login": False}
        _write_config(folder, "web.conf", web)

    def _core(self) -> dict[str, Any]:
        return {
            "daemon_port": self.rpc_port,
            "allow_remote": False,
            "listen_interface": PEER_ADDRESS,
            "outgoing_interface": PEER_ADDRESS,
            "listen_ports": [self.peer_port, self.peer_port],
            "random_port": False,
            "dht": False,
            "upnp": False,
            "natpmp": False,
            "utpex": False,
            "lsd": False,
            "new_release_check": False,
            "send_info": False,
            "download_location": str(self.download_dir),
            "move_completed": False,
            "add_paused": False,
            "max_active_limit": -1,
            "max_active_downloading": -1,
            "max_active_seeding": -1,
            "stop_seed_at_ratio": False,
            "enabled_plugins": [],
        }
