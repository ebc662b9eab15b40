"""Fake Audible catalog API + Audnexus + cover CDN in one ASGI app, for tests, benches and demo.

Contract sources: Audible's catalog API as documented by the community (audible.readthedocs.io
"External Audible API": GET /1.0/catalog/products with keywords, num_results <= 50, 0-based page,
products_sort_by, response_groups; GET /1.0/catalog/products/{asin} answers 200 with a stub
lacking `title` for unknown ASINs) and Audnexus (api.audnex.us: GET /books/{asin}?region=,
GET /authors/{asin}; 404 JSON for unknown ASINs). Free of pytest so `earmark demo` can import it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from tests.fakes.audible_products import FakeProduct, cover_jpeg, generate_products

# Which product fields each response group unlocks (fields outside every group are always sent).
GROUP_FIELDS = {
    "contributors": ("authors", "narrators"),
    "product_desc": ("publisher_summary", "merchandising_summary"),
    "product_attrs": ("runtime_length_min", "release_date", "language", "format_type"),
    "product_extended_attrs": ("publisher_name",),
    "media": ("product_images",),
    "rating": ("rating",),
    "series": ("series",),
    "category_ladders": ("category_ladders",),
}
SORT_KEYS = ("BestSellers", "-ReleaseDate", "Relevance", "")


@dataclass
class FakeControls:
    """Knobs tests turn to script upstream trouble; every request path is recorded."""

    queued_statuses: list[int] = field(default_factory=list)
    # sort key -> (first failing 0-based page, HTTP status): "the upstream fails mid-list".
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


def _ordered(products: list[FakeProduct], sort: str) -> list[FakeProduct]:
    if sort == "BestSellers":
        return sorted(products, key=lambda p: p.bestseller_rank)
    if sort == "-ReleaseDate":
        return sorted(products, key=lambda p: (p.audible["release_date"], p.asin), reverse=True)
    return products


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"message": message}, status_code=status)


def build_app(product_count: int = 300, seed: int = 20260101) -> FastAPI:
    products = generate_products(product_count, seed)
    by_asin = {p.asin: p for p in products}
    controls = FakeControls()
    app = FastAPI(title="fake Audible + Audnexus")
    app.state.products = products
    app.state.controls = controls

    def base(request: Request) -> str:
        return str(request.base_url).rstrip("/")

    def scripted_failure(request: Request) -> JSONResponse | None:
        controls.requests.append(str(request.url.path) + "?" + str(request.url.query))
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
    ) -> Response:
        if failure := scripted_failure(request):
            return failure
        if num_results > 50 or num_results < 1 or page < 0 or products_sort_by not in SORT_KEYS:
            return _error(400, "1 validation error detected: numResults, page or sort invalid")
        failing = controls.chart_failures.get(products_sort_by)
        if failing and page >= failing[0]:
            return _error(failing[1], "Service unavailable")
        words = keywords.casefold().split()
        found = [p for p in _ordered(products, products_sort_by) if _matches(p.audible, words)]
        window = found[page * num_results : (page + 1) * num_results]
        groups = set(response_groups.split(","))
        return JSONResponse(
            {
                "products": [_shape(p.audible, groups, base(request), p.has_cover) for p in window],
                "response_groups": sorted(groups),
                "total_results": len(found),
            }
        )

    @app.get("/1.0/catalog/products/{asin}")
    def product_details(request: Request, asin: str, response_groups: str = "") -> Response:
        if failure := scripted_failure(request):
            return failure
        product = by_asin.get(asin)
        groups = set(response_groups.split(","))
        shaped = (
            _shape(product.audible, groups, base(request), product.has_cover)
            if product
            else {"asin": asin}
        )
        return JSONResponse({"product": shaped, "response_groups": sorted(groups)})

    @app.get("/images/I/{name}")
    def cover(request: Request, name: str) -> Response:
        controls.requests.append(str(request.url.path))
        asin = name.split(".", maxsplit=1)[0]
        if asin not in by_asin:
            return _error(404, "no such image")
        body = cover_jpeg(asin) + b"\0" * controls.cover_padding_bytes
        return Response(body, media_type=controls.cover_content_type)

    @app.get("/books/{asin}")
    def audnexus_book(request: Request, asin: str, region: str = "us") -> Response:
        controls.requests.append(str(request.url.path) + "?" + str(request.url.query))
        if controls.audnexus_status is not None:
            return _error(controls.audnexus_status, "scripted Audnexus failure")
        product = by_asin.get(asin)
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
    def audnexus_author(asin: str) -> Response:
        for product in products:
            for author in product.audible["authors"]:
                if author["asin"] == asin:
                    return JSONResponse({"asin": asin, "name": author["name"], "region": "us"})
        return JSONResponse(
            {"statusCode": 404, "error": "Not Found", "message": "Author not found"},
            status_code=404,
        )

    return app


__all__ = ["FakeControls", "FakeProduct", "build_app", "generate_products"]
