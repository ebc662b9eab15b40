"""Where a torrent comes from (magnet, URL, .torrent bytes) and how its info-hash is found."""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx

from earmark.core.errors import InvalidInput
from earmark.integrations.errors import ApiChanged
from earmark.integrations.http import send

MAX_TORRENT_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
SOURCE_SERVICE = "release download"
_HEX_LENGTH = 40
_BASE32_LENGTH = 32


@dataclass(frozen=True)
class MagnetLink:
    """A magnet URI with a BitTorrent info-hash; anything else (a proxy link) is refused."""

    uri: str

    def __post_init__(self) -> None:
        info_hash_from_magnet(self.uri)


@dataclass(frozen=True)
class TorrentUrl:
    """An http(s) link to a .torrent (or a redirect to a magnet); headers go to its host only."""

    url: str
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TorrentFile:
    data: bytes
    filename: str = "release.torrent"


TorrentSource = MagnetLink | TorrentUrl | TorrentFile
ResolvedSource = MagnetLink | TorrentFile


def info_hash_from_magnet(uri: str) -> str:
    """Lower-case hex info-hash of a magnet link; base32 btih values are converted to hex."""
    if not uri.startswith("magnet:?"):
        raise InvalidInput("not a magnet link (it must start with 'magnet:?')")
    for topic in parse_qs(urlsplit(uri).query).get("xt", []):
        if topic.lower().startswith("urn:btih:"):
            return _normalise_btih(topic[len("urn:btih:") :])
    raise InvalidInput("the magnet link has no BitTorrent v1 info-hash (xt=urn:btih:...)")


def _normalise_btih(value: str) -> str:
    if len(value) == _HEX_LENGTH:
        try:
            bytes.fromhex(value)
        except ValueError as exc:
            raise InvalidInput("the magnet info-hash is not valid hexadecimal") from exc
        return value.lower()
    if len(value) == _BASE32_LENGTH:
        try:
            return base64.b32decode(value.upper()).hex()
        except binascii.Error as exc:
            raise InvalidInput("the magnet info-hash is not valid base32") from exc
    raise InvalidInput("the magnet info-hash must be 40 hex or 32 base32 characters")


def info_hash_from_torrent(data: bytes) -> str:
    """SHA-1 of the bencoded `info` dictionary, lower-case hex."""
    try:
        span = _info_span(data)
    except (ValueError, IndexError) as exc:
        raise InvalidInput("the .torrent file is damaged (not valid bencode)") from exc
    if span is None:
        raise InvalidInput("the .torrent file has no 'info' section")
    start, end = span
    return hashlib.sha1(data[start:end], usedforsecurity=False).hexdigest()


def _info_span(data: bytes) -> tuple[int, int] | None:
    if data[:1] != b"d":
        raise ValueError("a torrent is a bencoded dictionary")
    position = 1
    while data[position : position + 1] != b"e":
        key_end = _skip_value(data, position)
        key = data[data.index(b":", position) + 1 : key_end]
        value_end = _skip_value(data, key_end)
        if key == b"info":
            return key_end, value_end
        position = value_end
    return None


def _skip_value(data: bytes, position: int) -> int:
    """Index just past the bencoded value starting at `position`."""
    marker = data[position : position + 1]
    if marker == b"i":
        return data.index(b"e", position) + 1
    if marker in (b"l", b"d"):
        position += 1
        while data[position : position + 1] != b"e":
            if position >= len(data):
                raise ValueError("unterminated list or dictionary")
            position = _skip_value(data, position)
        return position + 1
    if marker.isdigit():
        colon = data.index(b":", position)
        end = colon + 1 + int(data[position:colon])
        if end > len(data):
            raise ValueError("string runs past the end")
        return end
    raise ValueError(f"unexpected byte {marker!r} at {position}")


def info_hash_of(source: ResolvedSource) -> str:
    if isinstance(source, MagnetLink):
        return info_hash_from_magnet(source.uri)
    return info_hash_from_torrent(source.data)


def resolve_source(http: httpx.Client, source: TorrentSource) -> ResolvedSource:
    """Download a URL source into bytes (or the magnet it redirects to); others pass through."""
    if not isinstance(source, TorrentUrl):
        return source
    url = source.url
    origin = urlsplit(url).netloc
    for _ in range(MAX_REDIRECTS + 1):
        if url.startswith("magnet:?"):
            return MagnetLink(url)
        # The indexer's API key must never reach a third-party host a redirect points to.
        headers = dict(source.headers) if urlsplit(url).netloc == origin else {}
        response = send(http, SOURCE_SERVICE, "GET", url, headers=headers, follow_redirects=False)
        if response.is_redirect:
            url = urljoin(url, response.headers.get("location", ""))
            continue
        return _resolved_body(response.content)
    # No URL in the message: release links may carry an indexer's key.
    raise ApiChanged(SOURCE_SERVICE, f"more than {MAX_REDIRECTS} redirects for the release link")


def _resolved_body(body: bytes) -> ResolvedSource:
    stripped = body.strip()
    if stripped.startswith(b"magnet:?"):
        return MagnetLink(stripped.decode("utf-8", "replace"))
    if len(body) > MAX_TORRENT_BYTES:
        raise ApiChanged(SOURCE_SERVICE, "the .torrent file is larger than 10 MB; refusing it")
    if not body.startswith(b"d"):
        raise ApiChanged(SOURCE_SERVICE, "the link did not return a .torrent file or a magnet")
    return TorrentFile(body)
