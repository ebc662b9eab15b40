"""Real BitTorrent daemons on 127.0.0.1 in temporary folders: opentracker, Transmission, qBittorrent."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import signal
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from earmark.demo.parts.polling import wait_until
from earmark.demo.parts.processes import DaemonProcess, free_port, start_daemon, wait_for_port

USERNAME = "earmark"
_UNAUTHORISED_MARK = b"not authorized"


def _new_password() -> str:
    return secrets.token_urlsafe(12)


class _Supervised:
    """Owns one daemon process, logging to `workdir/logs`; subclasses say how to start it."""

    workdir: Path
    daemon: DaemonProcess | None

    def _launch(self, name: str, argv: list[str], port: int) -> None:
        self.daemon = start_daemon(name, argv, self.workdir / "logs")
        wait_for_port(self.daemon, port)

    def stop(self) -> None:
        if self.daemon is not None:
            self.daemon.stop()


@dataclass
class Opentracker(_Supervised):
    """Debian's opentracker only tracks whitelisted info-hashes; allow() adds them live."""

    workdir: Path
    port: int = field(default_factory=free_port)
    daemon: DaemonProcess | None = None

    @property
    def announce_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/announce"

    @property
    def _whitelist(self) -> Path:
        return self.workdir / "tracker" / "whitelist.txt"

    def start(self) -> Opentracker:
        folder = self._whitelist.parent
        folder.mkdir(parents=True, exist_ok=True)
        self._whitelist.touch()
        folder.chmod(0o755)  # it chroots into the folder and drops to `nobody`
        argv = ["opentracker", "-i", "127.0.0.1", "-p", str(self.port), "-P", str(self.port)]
        argv += ["-A", "127.0.0.1", "-d", str(folder), "-u", "nobody", "-w", "/whitelist.txt"]
        self._launch("opentracker", argv, self.port)
        return self

    def allow(self, info_hashes: list[str], timeout_seconds: float = 10.0) -> None:
        """Whitelist the hashes, reload (SIGHUP) and wait until the tracker accepts them."""
        assert self.daemon is not None, "start the tracker first"
        with self._whitelist.open("a") as whitelist:
            whitelist.writelines(f"{value.lower()}\n" for value in info_hashes)
        os.kill(self.daemon.pid, signal.SIGHUP)
        wait_until(
            lambda: all(self._accepts(value) for value in info_hashes),
            timeout_seconds,
            f"opentracker did not reload its whitelist: {info_hashes}",
            interval=0.1,
        )

    def _accepts(self, info_hash: str) -> bool:
        # A "stopped" announce registers no peer, but is still refused for unknown hashes.
        query = urllib.parse.urlencode(
            {
                "info_hash": bytes.fromhex(info_hash),
                "peer_id": b"-EM0001-harnessprobe",
                "port": 9,
                "left": 0,
                "event": "stopped",
                "numwant": 0,
                "compact": 1,
            }
        )
        with urllib.request.urlopen(f"{self.announce_url}?{query}", timeout=5) as answer:  # noqa: S310 (our tracker's http URL)
            return _UNAUTHORISED_MARK not in answer.read()


@dataclass
class TransmissionDaemon(_Supervised):
    """transmission-daemon with RPC auth; DHT, LPD, PeX, uTP and port mapping all off."""

    workdir: Path
    download_dir: Path
    name: str = "transmission"
    rpc_port: int = field(default_factory=free_port)
    peer_port: int = field(default_factory=free_port)
    username: str = USERNAME
    password: str = field(default_factory=_new_password)
    daemon: DaemonProcess | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rpc_port}/transmission/rpc"

    @property
    def config_dir(self) -> Path:
        return self.workdir / self.name

    def start(self) -> TransmissionDaemon:
        self.config_dir.mkdir(parents=True, exist_ok=True)
        self.download_dir.mkdir(parents=True, exist_ok=True)
        (self.config_dir / "settings.json").write_text(json.dumps(self._settings(), indent=2))
        argv = ["transmission-daemon", "-f", "-g", str(self.config_dir), "--log-info"]
        self._launch(self.name, argv, self.rpc_port)
        return self

    def _settings(self) -> dict[str, object]:
        return {
            "bind-address-ipv4": "127.0.0.1",
            "bind-address-ipv6": "::1",
            "rpc-enabled": True,
            "rpc-bind-address": "127.0.0.1",
            "rpc-port": self.rpc_port,
            "rpc-authentication-required": True,
            "rpc-username": self.username,
            "rpc-password": self.password,  # the daemon rewrites it as a salted hash
            "rpc-whitelist-enabled": True,
            "rpc-whitelist": "127.0.0.1,::1",
            "rpc-host-whitelist-enabled": False,
            "dht-enabled": False,
            "lpd-enabled": False,
            "pex-enabled": False,
            "utp-enabled": False,
            "port-forwarding-enabled": False,
            "peer-port": self.peer_port,
            "peer-port-random-on-start": False,
            "blocklist-enabled": False,
            "download-dir": str(self.download_dir),
            "incomplete-dir-enabled": False,
            "watch-dir-enabled": False,
            "ratio-limit-enabled": False,
            "idle-seeding-limit-enabled": False,
            "start-added-torrents": True,
            "message-level": 2,
        }


def qbittorrent_password_hash(password: str, salt: bytes | None = None) -> str:
    """The WebUI\\Password_PBKDF2 value: PBKDF2-HMAC-SHA512, 100 000 rounds, 16-byte salt."""
    salt = salt or os.urandom(16)
    key = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, 100_000, 64)
    return f"@ByteArray({base64.b64encode(salt).decode()}:{base64.b64encode(key).decode()})"


@dataclass
class QbittorrentDaemon(_Supervised):
    """qbittorrent-nox with its profile in `workdir`; restart() keeps ports, data and password."""

    workdir: Path
    save_dir: Path
    name: str = "qbittorrent"
    web_port: int = field(default_factory=free_port)
    peer_port: int = field(default_factory=free_port)
    username: str = USERNAME
    password: str = field(default_factory=_new_password)
    daemon: DaemonProcess | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    @property
    def profile_dir(self) -> Path:
        return self.workdir / self.name

    def start(self) -> QbittorrentDaemon:
        # Written on every start: a profile kept from an earlier run (`earmark demo --data-dir`)
        # holds that run's ports and password, and qBittorrent would listen on the old port.
        config = self.profile_dir / "qBittorrent" / "config" / "qBittorrent.conf"
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(self._config())
        self.save_dir.mkdir(parents=True, exist_ok=True)
        argv = ["qbittorrent-nox", f"--profile={self.profile_dir}"]
        self._launch(self.name, argv, self.web_port)
        return self

    def restart(self) -> None:
        self.stop()
        self.start()

    def _config(self) -> str:
        # MultiConnectionsPerIp: every peer is 127.0.0.1, and without it libtorrent keeps one
        # peer per IP, which can collapse onto its own endpoint and never dial the other side.
        return f"""[LegalNotice]
Accepted=true

[Network]
PortForwardingEnabled=false

[BitTorrent]
Session\\DHTEnabled=false
Session\\PeXEnabled=false
Session\\LSDEnabled=false
Session\\Port={self.peer_port}
Session\\Interface=
Session\\InterfaceName=
Session\\InterfaceAddress=127.0.0.1
Session\\AnonymousModeEnabled=false
Session\\AddTrackersEnabled=false
Session\\QueueingSystemEnabled=false
Session\\DefaultSavePath={self.save_dir}
Session\\TempPathEnabled=false
Session\\BTProtocol=TCP
Session\\MultiConnectionsPerIp=true

[Preferences]
Connection\\UPnP=false
Connection\\ResolvePeerCountries=false
Connection\\ResolvePeerHostNames=false
WebUI\\Enabled=true
WebUI\\Address=127.0.0.1
WebUI\\Port={self.web_port}
WebUI\\UseUPnP=false
WebUI\\Username={self.username}
WebUI\\Password_PBKDF2="{qbittorrent_password_hash(self.password)}"
WebUI\\LocalHostAuth=true
WebUI\\MaxAuthenticationFailCount=1000
WebUI\\BanDuration=1
WebUI\\CSRFProtection=true
WebUI\\HostHeaderValidation=true
WebUI\\ServerDomains=*
Search\\SearchEnabled=false
DynDNS\\Enabled=false
MailNotification\\enabled=false

[RSS]
Session\\EnableProcessing=false
AutoDownloader\\EnableProcessing=false
"""
