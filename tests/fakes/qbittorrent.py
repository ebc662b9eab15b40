"""A fake qBittorrent 5.2 Web API (v2.15.1) for the parts of the contract a real 4.5 cannot show.

Debian ships qbittorrent-nox 4.5.2 and no registry here packages a 5.x build, so the 5.x answers
are played by this fake, driven through qbittorrent-api like the real daemon. Contract sources:
qBittorrent's WebAPI changelog and pull request #23202 (Web API 2.14.0, qBittorrent 5.2):
`torrents/add` answers JSON `{success_count, pending_count, failure_count, added_torrent_ids}`,
HTTP 202 while a URL is still being fetched (pending), HTTP 409 with the same JSON when every
torrent failed (a duplicate among them); `auth/login` answers 401 to wrong credentials; the
session cookie is named `QBT_SID_<port>`; 5.0 renamed pause/resume to stop/start (and the
`paused*` states to `stopped*`); unknown endpoints answer 404 "Endpoint does not exist".
qbittorrent-api's `torrents_add` returns the JSON as TorrentsAddedMetadata (a mapping).
"""

from __future__ import annotations

import io
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import torf
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

APP_VERSION = "v5.2.0"
WEB_API_VERSION = "2.15.1"


@dataclass
class FakeTorrent:
    info_hash: str
    name: str
    size: int  # -1 until a magnet's metadata is known, as qBittorrent reports it
    save_path: str
    category: str
    tags: list[str]
    state: str
    added_on: int


@dataclass
class QbittorrentControls:
    username: str = "admin"
    password: str = "fake-password"
    # qBittorrent lists a torrent a moment after accepting it; tests can widen that gap.
    listing_delay_seconds: float = 0.0
    default_save_path: str = "/downloads"
    torrents: dict[str, FakeTorrent] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)
    # Scripted (HTTP status, JSON) answers for the next adds, which then add nothing.
    add_answers: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    _listed_after: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add_unlisted(self, torrent: FakeTorrent, seconds: float) -> None:
        """A torrent someone else just added, listed only after `seconds`."""
        self.torrents[torrent.info_hash] = torrent
        self._listed_after[torrent.info_hash] = time.monotonic() + seconds

    def listed(self) -> list[FakeTorrent]:
        now = time.monotonic()
        return [t for h, t in self.torrents.items() if self._listed_after.get(h, 0.0) <= now]


def _magnet_hash_and_name(uri: str) -> tuple[str, str]:
    query = parse_qs(urlsplit(uri).query)
    topic = next(t for t in query.get("xt", []) if t.lower().startswith("urn:btih:"))
    info_hash = topic[len("urn:btih:") :].lower()
    return info_hash, query.get("dn", [info_hash])[0]


def _row(torrent: FakeTorrent) -> dict[str, Any]:
    """One torrents/info entry with the fields Earmark reads, as qBittorrent 5.2 names them."""
    return {
        "hash": torrent.info_hash,
        "infohash_v1": torrent.info_hash,
        "name": torrent.name,
        "state": torrent.state,
        "progress": 0.0,
        "dlspeed": 0,
        "eta": 8_640_000,
        "num_seeds": 0,
        "num_complete": 0,
        "size": max(0, torrent.size),
        "total_size": torrent.size,
        "completed": 0,
        "ratio": 0.0,
        "seeding_time": 0,
        "save_path": torrent.save_path,
        "content_path": f"{torrent.save_path.rstrip('/')}/{torrent.name}",
        "added_on": torrent.added_on,
        "completion_on": -1,
        "category": torrent.category,
        "tags": ", ".join(torrent.tags),
        "has_metadata": torrent.size > 0,
    }


class _Adder:
    """torrents/add: each URL or file succeeds once; a second add of one hash fails."""

    def __init__(self, controls: QbittorrentControls, form: Any) -> None:
        self.controls = controls
        self.form = form
        self.added: list[str] = []
        self.failed = 0
        stopped = str(form.get("stopped") or form.get("paused") or "").lower() == "true"
        stop_at_metadata = form.get("stopCondition") == "MetadataReceived"
        self.stopped, self.stop_at_metadata = stopped, stop_at_metadata

    def add(self, info_hash: str, name: str, size: int) -> None:
        controls = self.controls
        with controls._lock:
            if info_hash in controls.torrents:
                self.failed += 1
                return
            tags = [t.strip() for t in str(self.form.get("tags") or "").split(",") if t.strip()]
            state = "stoppedDL" if self.stopped else "stalledDL"
            if size < 0:
                state = "metaDL"
            category = str(self.form.get("category") or "")
            save_path = str(self.form.get("savepath") or "") or controls.categories.get(
                category, controls.default_save_path
            )
            controls.torrents[info_hash] = FakeTorrent(
                info_hash, name, size, save_path, category, tags, state, int(time.time())
            )
            controls._listed_after[info_hash] = time.monotonic() + controls.listing_delay_seconds
        self.added.append(info_hash)

    def answer(self, pending: int) -> Response:
        body = {
            "success_count": len(self.added),
            "pending_count": pending,
            "failure_count": self.failed,
            "added_torrent_ids": self.added,
        }
        if pending:
            return JSONResponse(body, status_code=202)
        return JSONResponse(body, status_code=409 if not self.added else 200)


def build_qbittorrent_app(controls: QbittorrentControls) -> FastAPI:
    app = FastAPI(title="fake qBittorrent 5.2")
    sessions: set[str] = set()

    def signed_in(request: Request) -> bool:
        port = request.url.port
        return request.cookies.get(f"QBT_SID_{port}") in sessions

    async def params(request: Request) -> dict[str, Any]:
        values: dict[str, Any] = dict(request.query_params)
        if request.method == "POST":
            values.update((await request.form()).items())
        return values

    @app.post("/api/v2/auth/login")
    async def login(request: Request) -> Response:
        form = await request.form()
        if form.get("username") != controls.username or form.get("password") != controls.password:
            return PlainTextResponse("Fails.", status_code=401)
        sid = secrets.token_urlsafe(24)
        sessions.add(sid)
        response = PlainTextResponse("Ok.")
        response.set_cookie(f"QBT_SID_{request.url.port}", sid, httponly=True, samesite="strict")
        return response

    @app.api_route("/api/v2/{namespace}/{method}", methods=["GET", "POST"])
    async def endpoint(request: Request, namespace: str, method: str) -> Response:
        controls.calls.append(f"{namespace}/{method}")
        if not signed_in(request):
            return PlainTextResponse("Forbidden", status_code=403)
        handler = HANDLERS.get(f"{namespace}/{method}")
        if handler is None:
            return PlainTextResponse("Endpoint does not exist", status_code=404)
        return await handler(controls, request, await params(request))

    return app


async def _version(_c: QbittorrentControls, _r: Request, _p: dict[str, Any]) -> Response:
    return PlainTextResponse(APP_VERSION)


async def _web_api_version(_c: QbittorrentControls, _r: Request, _p: dict[str, Any]) -> Response:
    return PlainTextResponse(WEB_API_VERSION)


async def _info(controls: QbittorrentControls, _r: Request, p: dict[str, Any]) -> Response:
    wanted = {h.lower() for h in str(p.get("hashes") or "").split("|") if h}
    rows = [_row(t) for t in controls.listed() if not wanted or t.info_hash in wanted]
    return JSONResponse(rows)


async def _add(controls: QbittorrentControls, request: Request, _p: dict[str, Any]) -> Response:
    if controls.add_answers:  # a scripted verdict; nothing is added
        status, scripted = controls.add_answers.pop(0)
        return JSONResponse(scripted, status_code=status)
    form = await request.form()
    adder = _Adder(controls, form)
    pending = 0
    for line in str(form.get("urls") or "").splitlines():
        url = line.strip()
        if url.startswith("magnet:"):
            adder.add(*_magnet_hash_and_name(url), size=-1)
        elif url:
            pending += 1  # fetched in the background; nothing to list in this fake
    # qBittorrent reads every file part, whatever its field name (the client's names vary).
    for _name, upload in form.multi_items():
        if isinstance(upload, str):
            continue
        data = await upload.read()
        torrent = torf.Torrent.read_stream(io.BytesIO(data))
        adder.add(str(torrent.infohash).lower(), str(torrent.name), int(torrent.size))
    return adder.answer(pending)


def _hashes(p: dict[str, Any]) -> list[str]:
    return [h.lower() for h in str(p.get("hashes") or "").split("|") if h]


async def _delete(controls: QbittorrentControls, _r: Request, p: dict[str, Any]) -> Response:
    for info_hash in _hashes(p):
        controls.torrents.pop(info_hash, None)
    return Response(status_code=200)


async def _start(controls: QbittorrentControls, _r: Request, p: dict[str, Any]) -> Response:
    for info_hash in _hashes(p):
        if torrent := controls.torrents.get(info_hash):
            torrent.state = "stalledDL"
    return Response(status_code=200)


async def _remove_tags(controls: QbittorrentControls, _r: Request, p: dict[str, Any]) -> Response:
    gone = {t.strip() for t in str(p.get("tags") or "").split(",")}
    for info_hash in _hashes(p):
        if torrent := controls.torrents.get(info_hash):
            torrent.tags = [t for t in torrent.tags if t not in gone]
    return Response(status_code=200)


async def _categories(controls: QbittorrentControls, _r: Request, _p: dict[str, Any]) -> Response:
    return JSONResponse(
        {name: {"name": name, "savePath": path} for name, path in controls.categories.items()}
    )


async def _create_category(
    controls: QbittorrentControls, _r: Request, p: dict[str, Any]
) -> Response:
    name = str(p.get("category") or "")
    if not name or name in controls.categories:
        return PlainTextResponse("Unable to create category", status_code=409)
    controls.categories[name] = str(p.get("savePath") or "")
    return Response(status_code=200)


async def _edit_category(controls: QbittorrentControls, _r: Request, p: dict[str, Any]) -> Response:
    name = str(p.get("category") or "")
    if name not in controls.categories:
        return PlainTextResponse("Category does not exist", status_code=409)
    controls.categories[name] = str(p.get("savePath") or "")
    return Response(status_code=200)


HANDLERS = {
    "app/version": _version,
    "app/webapiVersion": _web_api_version,
    "torrents/info": _info,
    "torrents/add": _add,
    "torrents/delete": _delete,
    "torrents/start": _start,
    "torrents/removeTags": _remove_tags,
    "torrents/categories": _categories,
    "torrents/createCategory": _create_category,
    "torrents/editCategory": _edit_category,
}
