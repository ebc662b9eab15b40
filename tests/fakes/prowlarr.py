"""A contract-faithful fake Prowlarr: search, indexers, status, Torznab feeds, release downloads.

Shapes follow Prowlarr's v1 API as documented at https://prowlarr.com/docs/api/ (ReleaseResource,
IndexerResource, SystemResource) and the Torznab spec (https://torznab.github.io/spec-1.3-draft/).
Like the real service it accepts the key as the `X-Api-Key` header or an `apikey` parameter and
answers 401 otherwise; list parameters arrive as repeated keys (`indexerIds=1&indexerIds=2`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

TORZNAB_NS = "http://torznab.com/schemas/2015/feed"


@dataclass
class FakeRelease:
    """One release the fake knows; `file_id` links it to a registered .torrent (or behaviour)."""

    title: str
    indexer_id: int
    size_bytes: int = 700 * 1024 * 1024
    seeders: int | None = 10
    leechers: int | None = 2
    protocol: str = "torrent"
    categories: tuple[int, ...] = (3030,)
    flags: tuple[str, ...] = ()
    file_id: str | None = None
    magnet_url: str | None = None
    info_hash: str | None = None
    publish_date: datetime = field(default_factory=lambda: datetime(2024, 5, 1, tzinfo=UTC))
    guid: str | None = None
    download_url: str | None = None  # overrides the fake's own /download/{file_id} link


@dataclass
class FakeIndexer:
    id: int
    name: str
    protocol: str = "torrent"
    enable: bool = True
    priority: int = 25
    supports_rss: bool = True
    privacy: str = "private"


class FakeProwlarr:
    """State of the fake; tests add releases, feed items and files while it runs."""

    def __init__(self, api_key: str = "prowlarr-test-key") -> None:
        self.api_key = api_key
        self.version = "1.24.3.4754"
        self.indexers: dict[int, FakeIndexer] = {}
        self.releases: list[FakeRelease] = []
        self.rss_items: dict[int, list[FakeRelease]] = {}
        self.files: dict[str, bytes] = {}
        self.download_statuses: dict[str, int] = {}
        self.magnet_redirects: dict[str, str] = {}
        self.search_calls: list[list[tuple[str, str]]] = []
        self.download_headers: list[dict[str, str]] = []
        self.failing_feeds: set[int] = set()

    def add_indexer(self, indexer_id: int, name: str, **options: Any) -> FakeIndexer:
        self.indexers[indexer_id] = FakeIndexer(indexer_id, name, **options)
        return self.indexers[indexer_id]

    def add_release(self, release: FakeRelease) -> FakeRelease:
        self.releases.append(release)
        return release

    def add_rss_item(self, release: FakeRelease) -> FakeRelease:
        self.rss_items.setdefault(release.indexer_id, []).append(release)
        return release

    def add_file(self, file_id: str, content: bytes) -> None:
        self.files[file_id] = content

    def app(self) -> FastAPI:
        return _build_app(self)

    def check_key(self, request: Request) -> None:
        given = request.headers.get("x-api-key") or request.query_params.get("apikey")
        if given != self.api_key:
            raise HTTPException(status_code=401, detail="Unauthorized")

    def release_json(self, release: FakeRelease, base_url: str) -> dict[str, Any]:
        indexer = self.indexers.get(release.indexer_id)
        return {
            "guid": release.guid or f"{base_url}/details/{release.file_id or release.title}",
            "title": release.title,
            "size": release.size_bytes,
            "seeders": release.seeders,
            "leechers": release.leechers,
            "indexer": indexer.name if indexer else "",
            "indexerId": release.indexer_id,
            "protocol": release.protocol,
            "downloadUrl": self.link_of(release, base_url),
            "magnetUrl": release.magnet_url,
            "infoHash": release.info_hash,
            "publishDate": release.publish_date.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "categories": [
                {"id": category, "name": "Audio/Audiobook"} for category in release.categories
            ],
            "indexerFlags": list(release.flags),
            "downloadVolumeFactor": 1,
            "uploadVolumeFactor": 1,
        }

    def link_of(self, release: FakeRelease, base_url: str) -> str | None:
        if release.download_url:
            return release.download_url
        return f"{base_url}/download/{release.file_id}" if release.file_id else None


def _matches(release: FakeRelease, query: str, categories: set[int], indexer_ids: set[int]) -> bool:
    words = query.lower().split()
    title = release.title.lower()
    in_category = not categories or bool(categories & set(release.categories))
    in_indexers = not indexer_ids or release.indexer_id in indexer_ids
    return in_category and in_indexers and all(word in title for word in words)


def _build_app(fake: FakeProwlarr) -> FastAPI:
    app = FastAPI()

    def base(request: Request) -> str:
        return str(request.base_url).rstrip("/")

    @app.get("/api/v1/system/status")
    def status(request: Request) -> dict[str, Any]:
        fake.check_key(request)
        return {"appName": "Prowlarr", "instanceName": "Prowlarr", "version": fake.version}

    @app.get("/api/v1/indexer")
    def indexers(request: Request) -> list[dict[str, Any]]:
        fake.check_key(request)
        return [
            {"id": item.id, "name": item.name, "protocol": item.protocol, "enable": item.enable,
             "priority": item.priority, "supportsRss": item.supports_rss,
             "supportsSearch": True, "privacy": item.privacy}
            for item in fake.indexers.values()
        ]  # fmt: skip

    @app.get("/api/v1/search")
    def search(request: Request) -> JSONResponse:
        fake.check_key(request)
        params = list(request.query_params.multi_items())
        fake.search_calls.append(params)
        categories = {int(v) for k, v in params if k == "categories"}
        indexer_ids = {int(v) for k, v in params if k == "indexerIds"}
        query = request.query_params.get("query", "")
        found = [r for r in fake.releases if _matches(r, query, categories, indexer_ids)]
        limit = int(request.query_params.get("limit", "100"))
        return JSONResponse([fake.release_json(r, base(request)) for r in found[:limit]])

    @app.get("/{indexer_id}/api")
    def torznab(indexer_id: int, request: Request) -> Response:
        fake.check_key(request)
        if (
            request.query_params.get("t") not in ("rss", "search")
            or indexer_id in fake.failing_feeds
        ):
            return Response(b'<error code="201" description="Incorrect parameter"/>', 400)
        items = fake.rss_items.get(indexer_id, [])
        body = _torznab(fake, items, base(request))
        return Response(body, media_type="application/rss+xml")

    @app.get("/download/{file_id}")
    def download(file_id: str, request: Request) -> Response:
        fake.download_headers.append(dict(request.headers))
        if file_id in fake.download_statuses:
            return Response(b"indexer trouble", fake.download_statuses[file_id])
        if file_id in fake.magnet_redirects:
            return RedirectResponse(fake.magnet_redirects[file_id], status_code=301)
        if file_id not in fake.files:
            raise HTTPException(status_code=404, detail="no such release")
        return Response(fake.files[file_id], media_type="application/x-bittorrent")

    return app


def _torznab(fake: FakeProwlarr, items: list[FakeRelease], base_url: str) -> bytes:
    rendered = "".join(_torznab_item(fake, item, base_url) for item in items)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:torznab="{TORZNAB_NS}">'
        f"<channel><title>Fake</title>{rendered}</channel></rss>"
    ).encode()


def _torznab_item(fake: FakeProwlarr, item: FakeRelease, base_url: str) -> str:
    link = fake.link_of(item, base_url) or ""
    indexer = fake.indexers.get(item.indexer_id)
    attrs = {"seeders": item.seeders, "peers": (item.seeders or 0) + (item.leechers or 0),
             "infohash": item.info_hash, "magneturl": item.magnet_url, "category": item.categories[0]}  # fmt: skip
    attr_xml = "".join(
        f"<torznab:attr name={quoteattr(name)} value={quoteattr(str(value))}/>"
        for name, value in attrs.items()
        if value is not None
    )
    attr_xml += "".join(
        f'<torznab:attr name="tag" value={quoteattr(flag)}/>' for flag in item.flags
    )
    return (
        f"<item><title>{escape(item.title)}</title>"
        f"<guid>{escape(item.guid or f'{base_url}/details/{item.file_id or item.title}')}</guid>"
        f"<prowlarrindexer>{escape(indexer.name if indexer else '')}</prowlarrindexer>"
        f"<link>{escape(link)}</link><size>{item.size_bytes}</size>"
        f"<pubDate>{format_datetime(item.publish_date)}</pubDate>"
        f"<category>{item.categories[0]}</category>"
        f'<enclosure url={quoteattr(link)} length="{item.size_bytes}" type="application/x-bittorrent"/>'
        f"{attr_xml}</item>"
    )
