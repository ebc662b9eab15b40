"""Info-hashes from magnets and .torrent bytes, and URL sources resolved over HTTP."""

from __future__ import annotations

import base64
import hashlib

import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response

from earmark.core.errors import InvalidInput
from earmark.demo.fakes.server import serve_app
from earmark.integrations.download_clients import (
    MagnetLink,
    TorrentFile,
    TorrentUrl,
    info_hash_from_magnet,
    info_hash_from_torrent,
)
from earmark.integrations.download_clients.sources import resolve_source
from earmark.integrations.errors import NotFoundUpstream, RateLimited

HEX = "c12fe1c06bba254a9dc9f519b335aa7c1367a88a"
INFO = b"d6:lengthi5e4:name5:a.mp312:piece lengthi16384e6:pieces20:" + b"x" * 20 + b"e"
ANNOUNCE = b"http://127.0.0.1:1/announce"
TORRENT = b"d8:announce%d:%s4:info%se" % (len(ANNOUNCE), ANNOUNCE, INFO)


def test_info_hash_from_magnet_hex_is_lower_cased() -> None:
    assert info_hash_from_magnet(f"magnet:?xt=urn:btih:{HEX.upper()}&dn=Book") == HEX


def test_info_hash_from_magnet_base32_is_converted_to_hex() -> None:
    base32 = base64.b32encode(bytes.fromhex(HEX)).decode().lower()
    assert info_hash_from_magnet(f"magnet:?dn=x&xt=urn:btih:{base32}") == HEX


@pytest.mark.parametrize(
    "uri",
    [
        "http://x/y.torrent",
        "magnet:?dn=only-a-name",
        "magnet:?xt=urn:btih:abc",
        "magnet:?xt=urn:btih:" + "z" * 40,
    ],
)
def test_info_hash_from_magnet_invalid_links_are_refused(uri: str) -> None:
    with pytest.raises(InvalidInput):
        info_hash_from_magnet(uri)


def test_info_hash_from_torrent_hashes_the_info_dictionary_bytes() -> None:
    assert info_hash_from_torrent(TORRENT) == hashlib.sha1(INFO).hexdigest()


@pytest.mark.parametrize("data", [b"", b"not bencode", TORRENT[:-20], b"d3:fooi1ee", b"d4:infol"])
def test_info_hash_from_torrent_damaged_files_are_refused(data: bytes) -> None:
    with pytest.raises(InvalidInput):
        info_hash_from_torrent(data)


def _indexer() -> FastAPI:
    app = FastAPI()

    @app.get("/file.torrent")
    def torrent_file(request: Request) -> Response:
        if request.headers.get("x-api-key") != "secret":
            return PlainTextResponse("no key", status_code=401)
        return Response(TORRENT, media_type="application/x-bittorrent")

    @app.get("/to-magnet")
    def to_magnet() -> Response:
        return RedirectResponse(f"magnet:?xt=urn:btih:{HEX}", status_code=302)

    @app.get("/to-file")
    def to_file() -> Response:
        return RedirectResponse("/file.torrent", status_code=301)

    @app.get("/magnet-body")
    def magnet_body() -> Response:
        return PlainTextResponse(f"magnet:?xt=urn:btih:{HEX}\n")

    @app.get("/busy")
    def busy() -> Response:
        return PlainTextResponse("slow down", status_code=429)

    @app.get("/loop")
    def loop() -> Response:
        return RedirectResponse("/loop", status_code=302)

    return app


@pytest.fixture(scope="module")
def indexer_url() -> object:
    with serve_app(_indexer()) as url:
        yield url


def test_resolve_source_url_downloads_torrent_bytes_with_headers(indexer_url: str) -> None:
    with httpx.Client(timeout=5) as http:
        resolved = resolve_source(
            http, TorrentUrl(f"{indexer_url}/file.torrent", {"X-Api-Key": "secret"})
        )
    assert resolved == TorrentFile(TORRENT)


def test_resolve_source_redirect_to_magnet_becomes_magnet(indexer_url: str) -> None:
    with httpx.Client(timeout=5) as http:
        assert resolve_source(http, TorrentUrl(f"{indexer_url}/to-magnet")) == MagnetLink(
            f"magnet:?xt=urn:btih:{HEX}"
        )
        assert resolve_source(http, TorrentUrl(f"{indexer_url}/magnet-body")) == MagnetLink(
            f"magnet:?xt=urn:btih:{HEX}"
        )


def test_resolve_source_same_host_redirect_keeps_headers(indexer_url: str) -> None:
    with httpx.Client(timeout=5) as http:
        resolved = resolve_source(
            http, TorrentUrl(f"{indexer_url}/to-file", {"X-Api-Key": "secret"})
        )
    assert isinstance(resolved, TorrentFile)


def test_resolve_source_rate_limited_indexer_raises_rate_limited(indexer_url: str) -> None:
    with httpx.Client(timeout=5) as http, pytest.raises(RateLimited):
        resolve_source(http, TorrentUrl(f"{indexer_url}/busy"))


def test_resolve_source_missing_file_raises_not_found(indexer_url: str) -> None:
    with httpx.Client(timeout=5) as http, pytest.raises(NotFoundUpstream):
        resolve_source(http, TorrentUrl(f"{indexer_url}/nothing-here"))


def test_resolve_source_redirect_loop_is_bounded(indexer_url: str) -> None:
    with httpx.Client(timeout=5) as http, pytest.raises(Exception, match="redirects"):
        resolve_source(http, TorrentUrl(f"{indexer_url}/loop"))


def test_resolve_source_magnet_and_bytes_pass_through() -> None:
    with httpx.Client(timeout=5) as http:
        magnet = MagnetLink(f"magnet:?xt=urn:btih:{HEX}")
        assert resolve_source(http, magnet) == magnet
        assert resolve_source(http, TorrentFile(b"d")) == TorrentFile(b"d")


@pytest.mark.parametrize(
    "text",
    [
        "http://127.0.0.1:9696/1/download?link=abc&file=Book",  # a Prowlarr proxy link
        "magnet:?dn=only-a-name",
        "",
    ],
)
def test_magnet_link_is_never_built_from_anything_but_a_magnet(text: str) -> None:
    with pytest.raises(InvalidInput):
        MagnetLink(text)
