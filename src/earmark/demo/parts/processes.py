"""Start a daemon in its own session with a log file, wait for its port, stop it by PID."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from earmark.demo.parts.polling import wait_until

LOOPBACK_PREFIXES = ("127.", "[::1]", "::1", "[::ffff:127.")
UNCONNECTED_PEERS = ("*:*", "0.0.0.0:*", "[::]:*", "*")
BITTORRENT_PROGRAMS = ("opentracker", "transmission-daemon", "qbittorrent-nox")


def free_port(host: str = "127.0.0.1") -> int:
    """A port free for both TCP and UDP on `host` (trackers and peers use both)."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
            tcp.bind((host, 0))
            port: int = tcp.getsockname()[1]
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                udp.bind((host, port))
        except OSError:
            continue
        return port


@dataclass
class DaemonProcess:
    name: str
    process: subprocess.Popen[bytes]
    log_path: Path
    # The signal that makes the daemon exit cleanly (Audiobookshelf ignores SIGTERM).
    stop_signal: int = signal.SIGTERM

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self, timeout_seconds: float = 20.0) -> None:
        """`stop_signal` to this PID only; SIGKILL if it ignores that for `timeout_seconds`."""
        if not self.running:
            return
        os.kill(self.pid, self.stop_signal)
        try:
            self.process.wait(timeout_seconds)
        except subprocess.TimeoutExpired:
            os.kill(self.pid, signal.SIGKILL)
            self.process.wait(5)

    def log_tail(self, characters: int = 2000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-characters:]
        except OSError:
            return ""


def start_daemon(
    name: str,
    argv: list[str],
    log_dir: Path,
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    stop_signal: int = signal.SIGTERM,
) -> DaemonProcess:
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"{name}.log"
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            argv,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env={**os.environ, **env} if env else None,
            cwd=cwd,
            start_new_session=True,  # a Ctrl-C in the test runner must not reach the daemon first
        )
    return DaemonProcess(name, process, log_path, stop_signal)


def wait_for_port(daemon: DaemonProcess, port: int, timeout_seconds: float = 20.0) -> None:
    def port_open() -> bool:
        if not daemon.running:
            raise RuntimeError(
                f"{daemon.name} exited ({daemon.process.returncode}) before port {port} opened:\n"
                + daemon.log_tail()
            )
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            return False

    wait_until(
        port_open,
        timeout_seconds,
        f"{daemon.name} did not open 127.0.0.1:{port} in {timeout_seconds} s",
        interval=0.05,
    )


@dataclass(frozen=True)
class OpenSocket:
    """One socket as `ss` lists it: the local address and the peer (`*:*` when unconnected)."""

    local: str
    peer: str

    @property
    def on_loopback(self) -> bool:
        peer_ok = self.peer in UNCONNECTED_PEERS or self.peer.startswith(LOOPBACK_PREFIXES)
        return self.local.startswith(LOOPBACK_PREFIXES) and peer_ok

    def __str__(self) -> str:
        return f"{self.local} -> {self.peer}"


def sockets_of(pid: int) -> list[OpenSocket]:
    """Every TCP/UDP socket `ss` attributes to `pid` (empty when ss shows no process info)."""
    listing = subprocess.run(
        ["ss", "-tunapH"], capture_output=True, text=True, check=False, timeout=10
    ).stdout
    found = []
    for line in listing.splitlines():
        if f"pid={pid}," not in line:
            continue
        columns = line.split()
        found.append(OpenSocket(local=columns[4], peer=columns[5]))
    return found


def not_installed(programs: Iterable[str]) -> list[str]:
    """The programs not found on PATH."""
    return [name for name in programs if shutil.which(name) is None]
