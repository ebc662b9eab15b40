"""A usenet on loopback: INN (Debian inn2) as the news server, a yEnc poster that writes the NZB,
and the two usenet clients under test (NZBGet from Debian, SABnzbd 5 from ../shared/vendor).

INN's configuration is system-wide (scripts/system-deps.sh sets port 11119 on 127.0.0.1); the
tests run in a private network namespace, so the port is theirs. innd ignores SIGTERM until its
sockets see traffic and segfaults on exit: it is stopped with `ctlinnd shutdown` and its exit
code is not checked.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import uuid
import zlib
from dataclasses import dataclass, field
from email.utils import formatdate
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from earmark.demo.parts.daemons import _Supervised
from earmark.demo.parts.processes import DaemonProcess, free_port

INN_PORT = 11119  # as scripts/system-deps.sh writes it into /etc/news/inn.conf
GROUP = "alt.binaries.earmark"
AS_NEWS = ["setpriv", "--reuid=news", "--regid=news", "--init-groups", "--"]
INND = "/usr/lib/news/bin/innd"
CTLINND = "/usr/sbin/ctlinnd"
ARTICLE_BYTES = 120_000
SABNZBD_SOURCE = Path(__file__).resolve().parents[3] / "shared" / "vendor" / "sabnzbd"
SABNZBD_VENV = (
    Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    / "earmark-test"
    / "sabnzbd-venv"
)


def yenc_encode(data: bytes, line_length: int = 128) -> bytes:
    """yEnc: each byte + 42; NUL, LF, CR and '=' (and a leading TAB, SPACE or '.', a trailing
    TAB or SPACE) are escaped as '=' followed by the byte + 64."""
    out = bytearray()
    column = 0
    for byte in data:
        encoded = (byte + 42) & 0xFF
        critical = encoded in (0, 10, 13, 61)
        at_edge = (column == 0 and encoded in (9, 32, 46)) or (
            column >= line_length - 1 and encoded in (9, 32)
        )
        if critical or at_edge:
            out += bytes((61, (encoded + 64) & 0xFF))
            column += 2
        else:
            out.append(encoded)
            column += 1
        if column >= line_length:
            out += b"\r\n"
            column = 0
    if column:
        out += b"\r\n"
    return bytes(out)


def yenc_part(name: str, whole: bytes, begin: int, end: int, part: int, parts: int) -> bytes:
    """A yEnc 1.3 multipart article body for bytes [begin, end) of `whole`."""
    chunk = whole[begin:end]
    head = f"=ybegin part={part} total={parts} line=128 size={len(whole)} name={name}\r\n"
    head += f"=ypart begin={begin + 1} end={end}\r\n"
    tail = f"=yend size={len(chunk)} part={part} pcrc32={zlib.crc32(chunk):08x}"
    if part == parts:
        tail += f" crc32={zlib.crc32(whole):08x}"
    return head.encode() + yenc_encode(chunk) + tail.encode() + b"\r\n"


@dataclass(frozen=True)
class Segment:
    message_id: str
    number: int
    size: int


@dataclass(frozen=True)
class PostedFile:
    subject: str
    segments: list[Segment]


@dataclass
class NntpPoster:
    """A minimal NNTP reader/poster (MODE READER, POST); nntplib is gone from Python 3.13."""

    port: int = INN_PORT
    timeout_seconds: float = 15.0

    def post(self, article: bytes) -> None:
        with socket.create_connection(("127.0.0.1", self.port), self.timeout_seconds) as conn:
            reader = conn.makefile("rb")
            self._expect(reader, b"20")
            conn.sendall(b"MODE READER\r\n")
            self._expect(reader, b"20")
            conn.sendall(b"POST\r\n")
            self._expect(reader, b"340")
            lines = article.split(b"\r\n")
            stuffed = b"\r\n".join(b"." + line if line.startswith(b".") else line for line in lines)
            conn.sendall(stuffed.rstrip(b"\r\n") + b"\r\n.\r\n")
            self._expect(reader, b"240")
            conn.sendall(b"QUIT\r\n")

    @staticmethod
    def _expect(reader: object, code: bytes) -> None:
        line = reader.readline()  # type: ignore[attr-defined]
        if not line.startswith(code):
            raise RuntimeError(f"news server answered {line!r}, expected {code.decode()}")


@dataclass
class NewsServer(_Supervised):
    """innd on 127.0.0.1:11119 with one binaries group; post_release() returns the NZB."""

    workdir: Path
    daemon: DaemonProcess | None = None
    poster: NntpPoster = field(default_factory=NntpPoster)

    def start(self) -> NewsServer:
        self._launch("innd", [*AS_NEWS, INND, "-d", "-P", str(INN_PORT)], INN_PORT)
        active = Path("/var/lib/news/active").read_text()
        if not any(line.split()[:1] == [GROUP] for line in active.splitlines()):
            subprocess.run(
                [*AS_NEWS, CTLINND, "newgroup", GROUP, "y", "earmark@earmark.test"],
                check=True,
                capture_output=True,
                timeout=15,
            )
        return self

    def stop(self) -> None:
        subprocess.run(
            [*AS_NEWS, CTLINND, "-t", "10", "shutdown", "tests done"],
            check=False,
            capture_output=True,
            timeout=20,
        )
        super().stop()

    def post_release(self, files: list[Path], title: str, missing: int = 0) -> bytes:
        """Post each file as yEnc articles; the NZB lists them all, but the last `missing`
        articles are never posted (a release whose articles expired)."""
        posted = [
            self._post_file(path, index, len(files), title) for index, path in enumerate(files, 1)
        ]
        if missing:
            self._drop_last_articles(posted, missing)
        return nzb_document(posted, title)

    def _post_file(self, path: Path, index: int, count: int, title: str) -> PostedFile:
        data = path.read_bytes()
        parts = max(1, -(-len(data) // ARTICLE_BYTES))
        segments = []
        for part in range(1, parts + 1):
            begin, end = (part - 1) * ARTICLE_BYTES, min(len(data), part * ARTICLE_BYTES)
            body = yenc_part(path.name, data, begin, end, part, parts)
            message_id = f"{uuid.uuid4().hex}@earmark.test"
            subject = f'{title} [{index}/{count}] - "{path.name}" yEnc ({part}/{parts})'
            head = (
                f"From: Earmark Tests <poster@earmark.test>\r\nNewsgroups: {GROUP}\r\n"
                f"Subject: {subject}\r\nMessage-ID: <{message_id}>\r\n"
                f"Date: {formatdate(usegmt=True)}\r\n\r\n"
            ).encode()
            self.poster.post(head + body)
            segments.append(Segment(message_id, part, len(head) + len(body)))
        # SABnzbd names the file after the subject's first quoted string.
        subject = f'{title} [{index}/{count}] - "{path.name}" yEnc (1/{parts})'
        return PostedFile(subject, segments)

    @staticmethod
    def _drop_last_articles(posted: list[PostedFile], missing: int) -> None:
        """Point the last `missing` segments at message-ids nobody ever posted."""
        for item in reversed(posted):
            for position in range(len(item.segments) - 1, -1, -1):
                if missing == 0:
                    return
                old = item.segments[position]
                item.segments[position] = Segment(
                    f"never-posted-{uuid.uuid4().hex}@earmark.test", old.number, old.size
                )
                missing -= 1


def nzb_document(files: list[PostedFile], title: str) -> bytes:
    """A newzBin 1.1 NZB for the posted files (message-ids without angle brackets)."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<!DOCTYPE nzb PUBLIC "-//newzBin//DTD NZB 1.1//EN" '
        '"http://www.newzbin.com/DTD/nzb/nzb-1.1.dtd">',
        '<nzb xmlns="http://www.newzbin.com/DTD/2003/nzb">',
        f' <head><meta type="title">{escape(title)}</meta></head>',
    ]
    for item in files:
        lines.append(
            f' <file poster="Earmark Tests &lt;poster@earmark.test&gt;" date="1700000000"'
            f" subject={quoteattr(item.subject)}>"
        )
        lines.append(f"  <groups><group>{GROUP}</group></groups>")
        lines.append("  <segments>")
        lines.extend(
            f'   <segment bytes="{s.size}" number="{s.number}">{escape(s.message_id)}</segment>'
            for s in item.segments
        )
        lines.append("  </segments>")
        lines.append(" </file>")
    lines.append("</nzb>")
    return ("\n".join(lines) + "\n").encode()


@dataclass
class NzbgetDaemon(_Supervised):
    """NZBGet 21 in server mode with its own MainDir; Debian's nzbget.conf with our values."""

    workdir: Path
    port: int = field(default_factory=free_port)
    username: str = "earmark"
    password: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    daemon: DaemonProcess | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def destination(self) -> Path:
        return self.workdir / "nzbget" / "dst"

    def start(self) -> NzbgetDaemon:
        main = self.workdir / "nzbget"
        main.mkdir(parents=True, exist_ok=True)
        values = {
            "MainDir": str(main), "DestDir": str(self.destination), "ControlIP": "127.0.0.1",
            "ControlPort": str(self.port), "ControlUsername": self.username,
            "ControlPassword": self.password, "RestrictedUsername": "", "AddUsername": "",
            "SecureControl": "no", "Server1.Active": "yes", "Server1.Name": "inn",
            "Server1.Host": "127.0.0.1", "Server1.Port": str(INN_PORT), "Server1.Username": "",
            "Server1.Password": "", "Server1.Connections": "2", "Server1.Encryption": "no",
            "Server1.JoinGroup": "no", "Server1.IpVersion": "ipv4", "UpdateCheck": "none",
            "OutputMode": "loggable", "WriteLog": "append", "Unpack": "no", "ParCheck": "manual",
            "DaemonUsername": "root", "ArticleRetries": "1", "ArticleTimeout": "10",
            "ArticleInterval": "1", "HealthCheck": "delete", "DupeCheck": "no",
        }  # fmt: skip
        lines = Path("/etc/nzbget.conf").read_text().splitlines()
        seen = set()
        for position, line in enumerate(lines):
            key = line.split("=", 1)[0]
            if "=" in line and not line.startswith("#") and key in values:
                lines[position] = f"{key}={values[key]}"
                seen.add(key)
        lines += [f"{key}={value}" for key, value in values.items() if key not in seen]
        config = main / "nzbget.conf"
        config.write_text("\n".join(lines) + "\n")
        self._launch("nzbget", ["nzbget", "-c", str(config), "-s"], self.port)
        return self


@dataclass
class SabnzbdDaemon(_Supervised):
    """SABnzbd 5.0.1 from the vendored source, run by the venv scripts/sabnzbd-venv.sh built."""

    workdir: Path
    port: int = field(default_factory=free_port)
    api_key: str = field(default_factory=lambda: secrets.token_hex(16))
    daemon: DaemonProcess | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def complete_dir(self) -> Path:
        return self.workdir / "sabnzbd" / "complete"

    def start(self) -> SabnzbdDaemon:
        home = self.workdir / "sabnzbd"
        home.mkdir(parents=True, exist_ok=True)
        ini = home / "sabnzbd.ini"
        ini.write_text(
            "[misc]\n"
            f"host = 127.0.0.1\nport = {self.port}\napi_key = {self.api_key}\n"
            f"nzb_key = {secrets.token_hex(16)}\ncheck_new_rel = 0\nauto_browser = 0\n"
            "enable_broadcast = 0\nipv6_hosting = 0\nipv6_servers = 0\n"
            "selftest_host = localhost\n"
            f"download_dir = {home / 'incomplete'}\ncomplete_dir = {self.complete_dir}\n"
            "[servers]\n[[inn]]\nname = inn\nhost = 127.0.0.1\n"
            f"port = {INN_PORT}\nconnections = 2\nssl = 0\nenable = 1\ntimeout = 10\n"
            "[categories]\n[[*]]\nname = *\n"
        )
        argv = [
            str(SABNZBD_VENV / "bin" / "python"), str(SABNZBD_SOURCE / "SABnzbd.py"),
            "-f", str(ini), "-s", f"127.0.0.1:{self.port}", "-b", "0", "--disable-file-log",
        ]  # fmt: skip
        self._launch("sabnzbd", argv, self.port)
        return self
