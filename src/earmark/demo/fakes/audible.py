"""Fake Audible catalog API + store chart pages + Audnexus + cover CDN in one ASGI app.

Contract sources: Audible's catalog API as documented by the community (audible.readthedocs.io
"External Audible API": GET /1.0/catalog/products with keywords, num_results <= 50, 0-based page,
products_sort_by, response_groups, `asins` as one comma-joined value of at most 50; GET
/1.0/catalog/products/{asin} answers 200 with a stub lacking `title` for unknown ASINs; product
fields as in a real product answer: content_type, content_delivery_type, is_preorderable,
preorder_release_date); mkb79/Audible issue #78: `products_sort_by=BestSellers` is not honoured,
so this fake answers every sort in the same arbitrary order; the store's chart pages
(www.audible.<tld>/adblbestsellers and /newreleases, `page` 1-based and sent from page 2,
`pageSize` up to 50, `ipRedirectOverride`) with one `li.productListItem` per entry, as the peer
system's scraper reads them (shared/reference/system-product.md §4.2); best sellers include
pre-orders and podcasts like the real chart. Audnexus (api.audnex.us: GET /books/{asin}?region=,
GET /authors/{asin}; 404 JSON for unknown ASINs). A fixed series and author (audible_series.py)
answer by ASIN (the series product with its `relationships`), by `author=` and in Audnexus.
Free of pytest so `earmark demo` can import it.

Marketplaces: one fake stands in for every Audible host. A path that starts with a host
(`/api.audible.de/1.0/catalog/products`, `/www.audible.de/adblbestsellers`: how
`AudibleSettings.api_url` addresses a region) is answered from that marketplace's own catalog,
with localised titles, its `language` and its own ASINs; Audnexus answers from the catalog its
`region` parameter names. Plain paths are the US store (which alone has the fixed series).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from html import escape
from typing import Any
from urllib.parse import quote_plus

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from earmark.demo.fakes.audible_products import FakeProduct, cover_jpeg, generate_products
from earmark.demo.fakes.audible_series import SERIES_ASIN, SeriesCatalog, series_catalog
from earmark.demo.fakes.cover_art import cover_png
from earmark.integrations.catalog_sources.audible.settings import MARKETPLACES

# Each host of each marketplace -> its region code.
HOST_REGIONS = {host: code for code, m in MARKETPLACES.items() for host in (m.api_host, m.web_host)}
REGION_PRODUCT_COUNT = 120  # the other marketplaces' catalogs (the US one is `product_count`)

# Which product fields each response group unlocks (fields outside every group are always sent).
GROUP_FIELDS = {
    "contributors": ("authors", "narrators"),
    "product_desc": ("publisher_summary", "merchandising_summary"),
    "product_attrs": (
        "runtime_length_min",
        "release_date",
        "language",
        "format_type",
        "content_type",
        "content_delivery_type",
        "is_preorderable",
        "preorder_release_date",
    ),
    "product_extended_attrs": ("publisher_name",),
    "media": ("product_images",),
    "rating": ("rating",),
    "series": ("series",),
    "category_ladders": ("category_ladders",),
    "relationships": ("relationships",),
}
SORT_KEYS = ("BestSellers", "-ReleaseDate", "Relevance", "")
CHART_PAGES = {"adblbestsellers": "popular", "newreleases": "new_releases"}
STORE_PAGE_SIZE = 20  # what the store shows without pageSize
MAX_ASINS = 50


@dataclass
class FakeControls:
    """Knobs tests turn to script upstream trouble; every request path is recorded."""

    queued_statuses: list[int] = field(default_factory=list)
    # chart ("popular"/"new_releases") -> (first failing 1-based page, HTTP status).
    chart_failures: dict[str, tuple[int, int]] = field(default_factory=dict)
    audnexus_status: int | None = None
    cover_content_type: str = "image/jpeg"
    cover_padding_bytes: int = 0
    requests: list[str] = field(default_factory=list)

    def reset(self) -> None:
        """Back to a healthy upstream, so one server can be shared by many tests."""
        self.queued_statuses.clear()
        self.chart_failures.clear()
        self.audnexus_status = None
        self.cover_content_type = "image/jpeg"
        self.cover_padding_bytes = 0
        self.requests.clear()


def _shape(
    product: dict[str, Any], groups: set[str], base_url: str, has_cover: bool
) -> dict[str, Any]:
    shaped = copy.deepcopy(product)
    for group, names in GROUP_FIELDS.items():
        if group not in groups:
            for name in names:
                shaped.pop(name, None)
    if "media" in groups and has_cover:
        shaped["product_images"] = {"500": f"{base_url}/images/I/{product['asin']}._SL500_.jpg"}
    return shaped


def _matches(product: dict[str, Any], words: list[str]) -> bool:
    people = [p["name"] for p in product["authors"] + product["narrators"]]
    series = [s["title"] for s in product["series"]]
    haystack = " ".join(
        [product["title"], product.get("subtitle", ""), *people, *series]
    ).casefold()
    return all(word in haystack for word in words)


def _by(product: dict[str, Any], author: str) -> bool:
    """The catalog's `author=` filter: a credited author's name contains the words."""
    wanted = author.casefold().split()
    return any(all(w in a["name"].casefold() for w in wanted) for a in product["authors"])


def _chart(products: list[FakeProduct], chart: str) -> list[FakeProduct]:
    """The store's chart: best sellers by rank; new releases newest first (pre-orders lead)."""
    if chart == "popular":
        return sorted(products, key=lambda p: p.bestseller_rank)
    return sorted(products, key=lambda p: (p.audible["release_date"], p.asin), reverse=True)


def _slug(title: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in title).split()) + "-Audiobook"


def _chart_item(product: FakeProduct, base_url: str) -> str:
    """One entry of a chart page, in the store's markup (classes the store's pages carry)."""
    data = product.audible
    asin, title = data["asin"], escape(data["title"])
    link = f"/pd/{_slug(data['title'])}/{asin}?ref_pageloadid=not_applicable&pf_rd_p=fake"
    authors = ", ".join(
        f'<a class="bc-link bc-color-link" href="/author/{_slug(a["name"])}/{a["asin"]}?ref=a">'
        f"{escape(a['name'])}</a>"
        for a in data["authors"]
    )
    narrators = ", ".join(
        f'<a class="bc-link bc-color-link" href="/search?searchNarrator={quote_plus(n["name"])}">'
        f"{escape(n['name'])}</a>"
        for n in data["narrators"]
    )
    cover = f"{base_url}/images/I/{asin}._SL5_BG0,0,0,0_.jpg" if product.has_cover else ""
    return f"""
<li class="bc-list-item productListItem" id="product-list-item-{asin}" aria-label="{title}">
 <div class="bc-row-responsive">
  <div class="bc-col-responsive bc-col-2">
   <a class="bc-link bc-color-link" href="{link}"><img class="bc-pub-block bc-image-inset-border"
    src="{cover}" alt="{title} audiobook cover art"></a>
  </div>
  <div class="bc-col-responsive bc-col-10">
   <ul class="bc-list bc-spacing-s0_5">
    <li class="bc-list-item"><h3 class="bc-heading"><a class="bc-link bc-color-link"
     href="{link}">{title}</a></h3></li>
    <li class="bc-list-item authorLabel"><span class="bc-text bc-size-small
     bc-color-secondary">By: {authors}</span></li>
    <li class="bc-list-item narratorLabel"><span class="bc-text bc-size-small
     bc-color-secondary">Narrated by: {narrators}</span></li>
   </ul>
  </div>
  <div class="bc-col-responsive bc-col-2">
   <div class="adblBuyBoxArea"><form><input type="hidden" name="asin" value="{asin}">
    <li class="bc-list-item" data-asin="{asin}"></li></form></div>
  </div>
 </div>
</li>"""


def _chart_page(items: list[str]) -> str:
    return (
        '<!DOCTYPE html><html lang="en-US"><head><title>Audible</title></head><body>'
        '<div class="adbl-page"><div class="adbl-impression-container">'
        '<ul class="bc-list bc-spacing-s2">' + "".join(items) + "</ul></div></div></body></html>"
    )


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"message": message}, status_code=status)


class _HostPrefix:
    """Takes a leading `/<Audible host>` off the path and notes its region in the scope."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            sent = scope["path"]
            first, _, rest = sent.lstrip("/").partition("/")
            region = HOST_REGIONS.get(first)
            if region is not None:
                scope = {**scope, "path": "/" + rest, "raw_path": ("/" + rest).encode()}
            # The path as sent (host prefix included) is what `FakeControls.requests` records.
            scope["state"] = {**scope.get("state", {}), "region": region or "us", "sent_path": sent}
        await self.app(scope, receive, send)


def _region_of(request: Request) -> str:
    return str(getattr(request.state, "region", "us"))


def _marketplace_catalogs(product_count: int, seed: int) -> dict[str, list[FakeProduct]]:
    """Each marketplace's own catalog; the US one has `product_count` products."""
    return {
        code: generate_products(
            product_count if code == "us" else REGION_PRODUCT_COUNT, seed, region=code
        )
        for code in MARKETPLACES
    }


@dataclass
class _Store:
    """One marketplace's products by ASIN: its own catalog and, in the US store, the fixed
    series' books (tests may add books to the series while the fake runs)."""

    products: list[FakeProduct]
    by_asin: dict[str, FakeProduct]
    series: SeriesCatalog | None

    def find(self, asin: str) -> FakeProduct | None:
        found = self.by_asin.get(asin)
        if found is None and self.series is not None:
            found = next((b for b in self.series.books if b.asin == asin), None)
        return found

    def everything(self) -> list[FakeProduct]:
        return [*self.products, *(self.series.books if self.series else [])]

    def search(self, words: list[str], author: str) -> list[FakeProduct]:
        """Keyword search over the store's products; `author=` also reaches the series' books."""
        found = [p for p in self.products if _matches(p.audible, words)]
        if not author:
            return found
        from_series = self.series.by_author(author) if self.series else []
        return [p for p in found if _by(p.audible, author)] + [
            p for p in from_series if _matches(p.audible, words)
        ]

    def shaped(self, asin: str, groups: set[str], base_url: str) -> dict[str, Any]:
        if self.series is not None and asin == SERIES_ASIN:
            return _shape(self.series.parent(), groups, base_url, False)
        product = self.find(asin)
        # Unknown ASINs come back hollow (only the ASIN), like the product endpoint's stub.
        if product is None:
            return {"asin": asin}
        return _shape(product.audible, groups, base_url, product.has_cover)


def _cover(product: FakeProduct, controls: FakeControls, drawn: bool) -> Response:
    if drawn:
        book = product.audible
        author = next((a["name"] for a in book.get("authors") or []), "")  # the first, as covers do
        return Response(cover_png(product.asin, book["title"], author), media_type="image/png")
    body = cover_jpeg(product.asin) + b"\0" * controls.cover_padding_bytes
    return Response(body, media_type=controls.cover_content_type)


def _add_audnexus_routes(app: FastAPI, stores: dict[str, _Store]) -> None:
    """Audnexus: each record from the catalog of the marketplace its `region` names."""
    controls: FakeControls = app.state.controls

    def base(request: Request) -> str:
        return str(request.base_url).rstrip("/")

    @app.get("/books/{asin}")
    def audnexus_book(request: Request, asin: str, region: str = "us") -> Response:
        controls.requests.append(str(request.url.path) + "?" + str(request.url.query))
        if controls.audnexus_status is not None:
            return _error(controls.audnexus_status, "scripted Audnexus failure")
        store = stores.get(region)
        product = store.find(asin) if store else None
        if product is None or product.audnexus is None:
            return JSONResponse(
                {"statusCode": 404, "error": "Not Found", "message": f"{asin} not found"},
                status_code=404,
            )
        record = dict(product.audnexus, region=region)
        if product.has_cover:
            record["image"] = f"{base(request)}/images/I/{asin}.jpg"
        return JSONResponse(record)

    @app.get("/authors/{asin}")
    def audnexus_author(asin: str, region: str = "us") -> Response:
        store = stores.get(region)
        for product in store.everything() if store else []:
            for author in product.audible["authors"]:
                if author["asin"] == asin:
                    return JSONResponse({"asin": asin, "name": author["name"], "region": region})
        return JSONResponse(
            {"statusCode": 404, "error": "Not Found", "message": "Author not found"},
            status_code=404,
        )


def build_app(
    product_count: int = 300, seed: int = 20260101, drawn_covers: bool = False
) -> FastAPI:
    """`drawn_covers`: covers are pictures with the book's title (the demo) instead of the tiny
    JPEG the tests check byte for byte."""
    catalogs = _marketplace_catalogs(product_count, seed)
    series = series_catalog()
    stores = {
        code: _Store(catalog, {p.asin: p for p in catalog}, series if code == "us" else None)
        for code, catalog in catalogs.items()
    }
    controls = FakeControls()
    app = FastAPI(title="fake Audible + Audnexus")
    app.add_middleware(_HostPrefix)
    app.state.products = catalogs["us"]
    app.state.catalogs = catalogs
    app.state.controls = controls
    app.state.series = series

    def base(request: Request) -> str:
        return str(request.base_url).rstrip("/")

    def store_of(request: Request) -> _Store:
        return stores[_region_of(request)]

    def scripted_failure(request: Request) -> JSONResponse | None:
        sent = str(getattr(request.state, "sent_path", request.url.path))
        controls.requests.append(sent + "?" + str(request.url.query))
        if controls.queued_statuses:
            return _error(controls.queued_statuses.pop(0), "scripted failure")
        return None

    @app.get("/1.0/catalog/products")
    def list_products(
        request: Request,
        keywords: str = "",
        num_results: int = 10,
        page: int = 0,
        products_sort_by: str = "",
        response_groups: str = "",
        asins: str = "",
        author: str = "",
    ) -> Response:
        if failure := scripted_failure(request):
            return failure
        if num_results > 50 or num_results < 1 or page < 0 or products_sort_by not in SORT_KEYS:
            return _error(400, "1 validation error detected: numResults, page or sort invalid")
        groups = set(response_groups.split(","))
        store = store_of(request)
        if asins:
            wanted = asins.split(",")
            if len(wanted) > MAX_ASINS:
                return _error(400, "1 validation error detected: asins must have at most 50")
            shaped = [store.shaped(a, groups, base(request)) for a in wanted]
            return JSONResponse(
                {
                    "products": shaped,
                    "response_groups": sorted(groups),
                    "total_results": len(wanted),
                }
            )
        # Whatever products_sort_by says, the order is the same arbitrary one (see above).
        found = store.search(keywords.casefold().split(), author)
        window = found[page * num_results : (page + 1) * num_results]
        return JSONResponse(
            {
                "products": [_shape(p.audible, groups, base(request), p.has_cover) for p in window],
                "response_groups": sorted(groups),
                "total_results": len(found),
            }
        )

    @app.get("/{chart_path}")
    def chart_page(
        request: Request,
        chart_path: str,
        page: int = 1,
        page_size: int = Query(STORE_PAGE_SIZE, alias="pageSize"),
    ) -> Response:
        if chart_path not in CHART_PAGES:
            return HTMLResponse("<html><body>Page not found</body></html>", status_code=404)
        if failure := scripted_failure(request):
            return failure
        chart = CHART_PAGES[chart_path]
        failing = controls.chart_failures.get(chart)
        if failing and page >= failing[0]:
            return HTMLResponse("<html><body>Service Unavailable</body></html>", failing[1])
        size = min(max(page_size, 1), 50)
        window = _chart(store_of(request).products, chart)[(page - 1) * size : page * size]
        return HTMLResponse(_chart_page([_chart_item(p, base(request)) for p in window]))

    @app.get("/1.0/catalog/products/{asin}")
    def product_details(request: Request, asin: str, response_groups: str = "") -> Response:
        if failure := scripted_failure(request):
            return failure
        groups = set(response_groups.split(","))
        shaped = store_of(request).shaped(asin, groups, base(request))
        return JSONResponse({"product": shaped, "response_groups": sorted(groups)})

    @app.get("/images/I/{name}")
    def cover(request: Request, name: str) -> Response:
        controls.requests.append(str(request.url.path))
        asin = name.split(".", maxsplit=1)[0]
        product = next((p for s in stores.values() if (p := s.find(asin)) is not None), None)
        if product is None:
            return _error(404, "no such image")
        return _cover(product, controls, drawn_covers)

    _add_audnexus_routes(app, stores)
    return app


__all__ = ["FakeControls", "FakeProduct", "build_app", "generate_products"]
