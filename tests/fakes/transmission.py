"""A fake Transmission RPC (4.0, rpc-version 17, by default) for the label path 3.00 cannot show.

Debian bookworm ships transmission-daemon 3.00 (rpc-version 16), where labels are set with
`torrent-set`; from RPC 17 (Transmission 4.0) `torrent-add` takes `labels` itself. Contract source:
Transmission's docs/rpc-spec.md (4.0): POST /transmission/rpc, a request without the current
`X-Transmission-Session-Id` answers 409 carrying the id in that header; Basic auth (401 when
wrong); bodies `{"method", "arguments", "tag"}` answered `{"result": "success", "arguments",
"tag"}`; torrent-add answers `torrent-added` or `torrent-duplicate` ({id, name, hashString}).
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

SESSION_HEADER = "X-Transmission-Session-Id"


@dataclass
class TransmissionControls:
    username: str = "earmark"
    password: str = "fake-password"
    rpc_version: int = 17
    version: str = "4.0.5 (a6fe2a64aa)"
    torrents: dict[str, dict[str, Any]] = field(default_factory=dict)
    # (method, arguments) of every accepted call, in order.
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


def _magnet_hash(uri: str) -> str:
    topics = parse_qs(urlsplit(uri).query).get("xt", [])
    return next(t for t in topics if t.startswith("urn:btih:"))[len("urn:btih:") :].lower()


def build_transmission_app(controls: TransmissionControls) -> FastAPI:
    app = FastAPI(title="fake Transmission 4.0")
    session_id = secrets.token_hex(24)
    expected_auth = (
        "Basic " + base64.b64encode(f"{controls.username}:{controls.password}".encode()).decode()
    )

    def session_get(_args: dict[str, Any]) -> dict[str, Any]:
        return {
            "rpc-version": controls.rpc_version,
            "rpc-version-minimum": 14,
            "rpc-version-semver": "5.3.0",
            "version": controls.version,
            "download-dir": "/downloads",
        }

    def torrent_add(args: dict[str, Any]) -> dict[str, Any]:
        info_hash = _magnet_hash(str(args["filename"])) if "filename" in args else None
        if info_hash is None:
            raise ValueError("this fake takes magnet filenames only")
        if info_hash in controls.torrents:
            known = controls.torrents[info_hash]
            return {"torrent-duplicate": {k: known[k] for k in ("id", "name", "hashString")}}
        # Before RPC 17 torrent-add does not know `labels` and, like any unknown key, ignores it.
        labels = list(args.get("labels") or []) if controls.rpc_version >= 17 else []
        torrent = {
            "id": len(controls.torrents) + 1,
            "hashString": info_hash,
            "name": info_hash,
            "labels": labels,
            "downloadDir": args.get("download-dir", "/downloads"),
            "status": 4,
            "percentDone": 0.0,
        }
        controls.torrents[info_hash] = torrent
        return {"torrent-added": {k: torrent[k] for k in ("id", "name", "hashString")}}

    def torrent_set(args: dict[str, Any]) -> dict[str, Any]:
        for torrent in controls.torrents.values():
            if torrent["hashString"] in args.get("ids", []) and "labels" in args:
                torrent["labels"] = list(args["labels"])
        return {}

    def torrent_get(args: dict[str, Any]) -> dict[str, Any]:
        wanted = args.get("ids")
        found = [t for t in controls.torrents.values() if not wanted or t["hashString"] in wanted]
        fields = args.get("fields") or []
        return {"torrents": [{k: v for k, v in t.items() if k in fields} for t in found]}

    methods = {
        "session-get": session_get,
        "torrent-add": torrent_add,
        "torrent-set": torrent_set,
        "torrent-get": torrent_get,
    }

    @app.post("/transmission/rpc")
    async def rpc(request: Request) -> Response:
        if request.headers.get("authorization") != expected_auth:
            return Response("<h1>401: Unauthorized</h1>", status_code=401)
        if request.headers.get(SESSION_HEADER) != session_id:
            return Response(
                "<h1>409: Conflict</h1>", status_code=409, headers={SESSION_HEADER: session_id}
            )
        body = await request.json()
        method, args = body.get("method"), body.get("arguments") or {}
        handler = methods.get(method)
        if handler is None:
            return JSONResponse({"result": "method name not recognized", "arguments": {}})
        try:
            answer = handler(args)
        except ValueError as exc:
            return JSONResponse({"result": str(exc), "arguments": {}, "tag": body.get("tag")})
        controls.calls.append((method, args))
        return JSONResponse({"result": "success", "arguments": answer, "tag": body.get("tag")})

    return app
