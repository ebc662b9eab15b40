"""A contract-faithful fake Prowlarr: search, indexers, status, Torznab/Newznab feeds, proxy links.

Every answer is built from the real-shaped samples in src/earmark/demo/fakes/prowlarr_samples/ (see its README
for the Prowlarr source files behind each shape), quirks included, by default:

- release links are Prowlarr proxy links `{base}/{indexerId}/download?apikey=…&link=…&file=…`;
  the link serves the .torrent/.nzb, or answers 301 to the magnet (magnet-only trackers give
  `downloadUrl: null` and only such a `magnetUrl`), or 301 to the tracker's own link when the
  indexer has Prowlarr's *Redirect* option (`FakeRelease.redirect_url`);
- `GET /api/v1/search` answers 400 `{message, description}` when every selected indexer is
  disabled or blocked (`FakeProwlarr.block_indexers()` is the switch);
- usenet indexers' feeds use the newznab attribute namespace and `application/x-nzb`;
- flags arrive as `indexerFlags` names; the JSON has no volume factors;
- a trailing slash on any path is accepted (ASP.NET routing ignores it), without a redirect.

Like the real service it takes the key as the `X-Api-Key` header or an `apikey` parameter and
answers 401 otherwise; list parameters arrive as repeated keys (`indexerIds=1&indexerIds=2`).
"""

from __future__ import annotations

import base64
import copy
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

Handler = TypeVar("Handler", bound=Callable[..., Any])

CONTRACTS = Path(__file__).resolve().parent / "prowlarr_samples"
TORZNAB_NS = "http://torznab.com/schemas/2015/feed"
NEWZNAB_NS = "http://www.newznab.com/DTD/2010/feeds/attributes/"
ATOM_NS = "http://www.w3.org/2005/Atom"
# Newznab standard categories by id, as Prowlarr names them (NewznabStandardCategory.cs).
CATEGORY_NAMES = {
    3000: "Audio",
    3030: "Audio/Audiobook",
    7000: "Books",
    7010: "Books/Mags",
    7020: "Books/EBook",
    7030: "Books/Comics",
    7040: "Books/Technical",
    7050: "Books/Other",
    7060: "Books/Foreign",
}
CONTENT_TYPES = {"torrent": "application/x-bittorrent", "usenet": "application/x-nzb"}
EXTENSIONS = {"torrent": "torrent", "usenet": "nzb"}

ET.register_namespace("atom", ATOM_NS)
ET.register_namespace("torznab", TORZNAB_NS)
ET.register_namespace("newznab", NEWZNAB_NS)


def contract_sample(name: str) -> Any:
    """A JSON sample (parsed) or an XML sample (bytes) from src/earmark/demo/fakes/prowlarr_samples/."""
    path = CONTRACTS / name
    return json.loads(path.read_text()) if path.suffix == ".json" else path.read_bytes()


_SEARCH_SAMPLE: list[dict[str, Any]] = contract_sample("search.json")
_RELEASE_TEMPLATE = next(r for r in _SEARCH_SAMPLE if r["protocol"] == "torrent")
UNAVAILABLE_BODY: dict[str, Any] = contract_sample("search-400-unavailable.json")
_FEED_TEMPLATES = {
    "torrent": ET.fromstring(contract_sample("torznab-feed.xml")),
    "usenet": ET.fromstring(contract_sample("newznab-feed.xml")),
}


@dataclass
class FakeRelease:
    """One release the fake knows.

    `file_id` names a registered .torrent/.nzb (the release's download); `magnet_url` is the
    tracker's magnet (a release with only a magnet is a magnet-only tracker's); `redirect_url`
    makes the proxy link answer 301 there (an indexer with Prowlarr's Redirect option).
    """

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
    redirect_url: str | None = None


@dataclass
class FakeIndexer:
    id: int
    name: str
    protocol: str = "torrent"
    enable: bool = True
    priority: int = 25
    supports_rss: bool = True
    privacy: str = "private"
    # Disabled for a while after failures (Prowlarr's indexer status "disabled till").
    blocked: bool = False

    @property
    def available(self) -> bool:
        return self.enable and not self.blocked


def _token(kind: str, value: str) -> str:
    """Stands for Prowlarr's protected (encrypted) `link=`: opaque to clients."""
    return base64.urlsafe_b64encode(f"{kind}:{value}".encode()).decode().rstrip("=")


def _untoken(token: str) -> tuple[str, str]:
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    kind, _, value = raw.partition(":")
    return kind, value


def _error_xml(code: int, description: str) -> bytes:
    element = ET.Element("error", code=str(code), description=description)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(element)


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
        self.search_calls: list[list[tuple[str, str]]] = []
        self.download_requests: list[tuple[str, dict[str, str]]] = []

    @property
    def download_headers(self) -> list[dict[str, str]]:
        return [headers for _, headers in self.download_requests]

    def add_indexer(self, indexer_id: int, name: str, **options: Any) -> FakeIndexer:
        self.indexers[indexer_id] = FakeIndexer(indexer_id, name, **options)
        return self.indexers[indexer_id]

    def block_indexers(self, blocked: bool = True) -> None:
        """Every indexer disabled for a while after failures (the 400-on-search switch)."""
        for indexer in self.indexers.values():
            indexer.blocked = blocked

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
        given = request.query_params.get("apikey") or request.headers.get("x-api-key")
        if given != self.api_key:
            raise HTTPException(status_code=401, detail="Unauthorized")

    def proxy_link(self, release: FakeRelease, kind: str, value: str, base_url: str) -> str:
        """DownloadMappingService.ConvertToProxyLink: the key in the query, the link protected."""
        return (
            f"{base_url}/{release.indexer_id}/download?apikey={self.api_key}"
            f"&link={_token(kind, value)}&file={quote(release.title, safe='')}"
        )

    def download_url_of(self, release: FakeRelease, base_url: str) -> str | None:
        if release.redirect_url:
            return self.proxy_link(release, "url", release.redirect_url, base_url)
        if release.file_id:
            return self.proxy_link(release, "file", release.file_id, base_url)
        return None

    def magnet_url_of(self, release: FakeRelease, base_url: str) -> str | None:
        if release.protocol != "torrent" or not release.magnet_url:
            return None
        return self.proxy_link(release, "magnet", release.magnet_url, base_url)

    def guid_of(self, release: FakeRelease, base_url: str) -> str:
        return release.guid or f"{base_url}/details/{release.file_id or release.title}"

    def release_json(self, release: FakeRelease, base_url: str) -> dict[str, Any]:
        """A ReleaseResource, field for field in the sample's order and nullability."""
        indexer = self.indexers.get(release.indexer_id)
        torrent = release.protocol == "torrent"
        values: dict[str, Any] = {
            "guid": self.guid_of(release, base_url),
            "size": release.size_bytes,
            "indexerId": release.indexer_id,
            "indexer": indexer.name if indexer else "",
            "title": release.title,
            "sortTitle": release.title.lower(),
            "publishDate": release.publish_date.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "commentUrl": self.guid_of(release, base_url),
            "downloadUrl": self.download_url_of(release, base_url),
            "infoUrl": self.guid_of(release, base_url),
            "indexerFlags": list(release.flags),
            "categories": [
                {"id": category, "name": _category_name(category), "subCategories": []}
                for category in release.categories
            ],
            "magnetUrl": self.magnet_url_of(release, base_url),
            "infoHash": release.info_hash if torrent else None,
            "seeders": release.seeders if torrent else None,
            "leechers": release.leechers if torrent else None,
            "protocol": release.protocol,
            "fileName": f"{release.title}.{EXTENSIONS[release.protocol]}",
        }
        # Prowlarr writes null fields (downloadUrl of a magnet-only release, usenet seeders).
        return {key: values.get(key, sample) for key, sample in _RELEASE_TEMPLATE.items()}


def _category_name(category: int) -> str:
    """A standard category's name; an indexer's own categories (100000 and up) carry its id."""
    return CATEGORY_NAMES.get(category, f"Custom {category}")


def _matches(release: FakeRelease, query: str, categories: set[int], indexer_ids: set[int]) -> bool:
    """Prowlarr searches a parent category's subcategories too (7000 finds 7020 releases)."""
    words = query.lower().split()
    title = release.title.lower()
    own = set(release.categories) | {c // 1000 * 1000 for c in release.categories if c < 100000}
    in_category = not categories or bool(categories & own)
    in_indexers = not indexer_ids or release.indexer_id in indexer_ids
    return in_category and in_indexers and all(word in title for word in words)


def _build_app(fake: FakeProwlarr) -> FastAPI:
    app = FastAPI()
    # ASP.NET routing matches "/x/" as "/x" without a redirect; Starlette would answer 307.
    app.router.redirect_slashes = False

    def route(path: str) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            app.get(path)(handler)
            app.get(path + "/")(handler)
            return handler

        return register

    def base(request: Request) -> str:
        return str(request.base_url).rstrip("/")

    @route("/api/v1/system/status")
    def status(request: Request) -> dict[str, Any]:
        fake.check_key(request)
        return {"appName": "Prowlarr", "instanceName": "Prowlarr", "version": fake.version}

    @route("/api/v1/indexer")
    def indexers(request: Request) -> list[dict[str, Any]]:
        fake.check_key(request)
        return [
            {"id": item.id, "name": item.name, "protocol": item.protocol, "enable": item.enable,
             "priority": item.priority, "supportsRss": item.supports_rss,
             "supportsSearch": True, "privacy": item.privacy}
            for item in fake.indexers.values()
        ]  # fmt: skip

    @route("/api/v1/search")
    def search(request: Request) -> JSONResponse:
        fake.check_key(request)
        params = list(request.query_params.multi_items())
        fake.search_calls.append(params)
        categories = {int(v) for k, v in params if k == "categories"}
        selected = {int(v) for k, v in params if k == "indexerIds"}
        usable = {i.id for i in fake.indexers.values() if i.available}
        if selected and not selected & usable:
            return JSONResponse(UNAVAILABLE_BODY, status_code=400)
        searched = selected & usable if selected else usable
        query = request.query_params.get("query", "")
        found = [r for r in fake.releases if _matches(r, query, categories, searched)]
        limit = int(request.query_params.get("limit", "100"))
        return JSONResponse([fake.release_json(r, base(request)) for r in found[:limit]])

    @route("/{indexer_id}/api")
    def newznab(indexer_id: int, request: Request) -> Response:
        fake.check_key(request)
        indexer = fake.indexers.get(indexer_id)
        refusal = _refusal(indexer)
        if refusal is not None:
            return refusal
        assert indexer is not None
        if request.query_params.get("t") not in ("rss", "search"):
            return Response(
                _error_xml(202, "No such function"), 400, media_type="application/rss+xml"
            )
        items = fake.rss_items.get(indexer_id, [])
        body = _feed(fake, indexer, items, base(request))
        return Response(body, media_type="application/rss+xml")

    @route("/{indexer_id}/download")
    def download(indexer_id: int, request: Request) -> Response:
        fake.check_key(request)
        fake.download_requests.append((str(request.url), dict(request.headers)))
        indexer = fake.indexers.get(indexer_id)
        refusal = _refusal(indexer)
        if refusal is not None:
            return refusal
        assert indexer is not None
        link, file = request.query_params.get("link"), request.query_params.get("file")
        if not link or not file:
            return JSONResponse({"message": "Invalid Prowlarr link"}, status_code=400)
        kind, value = _untoken(link)
        if kind in ("magnet", "url"):
            return RedirectResponse(value, status_code=301)
        if value in fake.download_statuses:
            status = fake.download_statuses[value]
            return Response(_error_xml(status, "indexer trouble"), status)
        if value not in fake.files:
            return Response(_error_xml(410, "Release unavailable"), 410)
        filename = f"{file}.{EXTENSIONS[indexer.protocol]}"
        return Response(
            fake.files[value],
            media_type=CONTENT_TYPES[indexer.protocol],
            headers={"Content-Disposition": f'attachment; filename="{quote(filename)}"'},
        )

    return app


def _refusal(indexer: FakeIndexer | None) -> Response | None:
    """NewznabController: 404 unknown, 410 disabled, 429 blocked (with an error document)."""
    if indexer is None:
        return JSONResponse({"message": "Indexer Not Found"}, status_code=404)
    if not indexer.enable:
        return Response(_error_xml(410, "Indexer is disabled"), 410)
    if indexer.blocked:
        return Response(
            _error_xml(429, "Indexer is disabled till later due to recent failures."),
            429,
            headers={"Retry-After": "300"},
        )
    return None


def _feed(
    fake: FakeProwlarr, indexer: FakeIndexer, items: list[FakeRelease], base_url: str
) -> bytes:
    """NewznabResults.ToXml: the sample feed of the indexer's protocol with our items in it."""
    root = copy.deepcopy(_FEED_TEMPLATES[indexer.protocol])
    channel = root.find("channel")
    assert channel is not None
    template = channel.find("item")
    assert template is not None
    channel.remove(template)
    for release in items:
        channel.append(_feed_item(fake, indexer, template, release, base_url))
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root)


def _feed_item(
    fake: FakeProwlarr,
    indexer: FakeIndexer,
    template: ET.Element,
    release: FakeRelease,
    base_url: str,
) -> ET.Element:
    item = copy.deepcopy(template)
    namespace = TORZNAB_NS if indexer.protocol == "torrent" else NEWZNAB_NS
    link = fake.download_url_of(release, base_url) or fake.magnet_url_of(release, base_url) or ""
    texts = {
        "title": release.title,
        "guid": fake.guid_of(release, base_url),
        "prowlarrindexer": indexer.name,
        "comments": fake.guid_of(release, base_url),
        "pubDate": format_datetime(release.publish_date),
        "size": str(release.size_bytes),
        "link": link,
        "category": str(release.categories[0]),
    }
    for name, text in texts.items():
        element = item.find(name)
        assert element is not None, name
        element.text = text
    indexer_element = item.find("prowlarrindexer")
    assert indexer_element is not None
    indexer_element.set("id", str(indexer.id))
    enclosure = item.find("enclosure")
    assert enclosure is not None
    enclosure.attrib.update(
        {"url": link, "length": str(release.size_bytes), "type": CONTENT_TYPES[indexer.protocol]}
    )
    for attr in item.findall(f"{{{namespace}}}attr"):
        item.remove(attr)
    attrs: list[tuple[str, object]] = [("category", release.categories[0])]
    attrs += [("tag", flag) for flag in release.flags]
    if indexer.protocol == "torrent":
        peers = (release.seeders or 0) + (release.leechers or 0)
        attrs += [("seeders", release.seeders), ("peers", peers)]
        attrs += [("infohash", release.info_hash), ("downloadvolumefactor", 1)]
        attrs += [("uploadvolumefactor", 1)]
    for name, value in attrs:
        if value is not None:
            ET.SubElement(item, f"{{{namespace}}}attr", name=name, value=str(value))
    return item
