"""Signed-out or forbidden page requests go to the sign-in page or home instead of JSON errors."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from earmark.api.errors import error_body, status_for
from earmark.core.errors import EarmarkError, Forbidden, Unauthorized
from earmark.web.rendering import base_path

JSON_PREFIXES = ("/api", "/static")


def _page_path(request: Request) -> str | None:
    """The path inside the app when the request is for a page, else None (API or asset)."""
    base = base_path(request)
    path = request.url.path
    if base and path.startswith(base):
        path = path[len(base) :] or "/"
    return None if path.startswith(JSON_PREFIXES) else path


def _redirect(request: Request, target: str) -> Response:
    # HTMX swaps the answer of a redirect into the page; HX-Redirect makes it navigate instead.
    if request.headers.get("hx-request"):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def _json(exc: EarmarkError) -> JSONResponse:
    return JSONResponse(error_body(exc.code, exc.message), status_code=status_for(exc))


def install_page_redirects(app: FastAPI) -> None:
    @app.exception_handler(Unauthorized)
    async def _signed_out(request: Request, exc: Unauthorized) -> Response:
        path = _page_path(request)
        if path is None:
            return _json(exc)
        query = f"?{request.url.query}" if request.url.query else ""
        target = f"{base_path(request)}/login?redirect={quote(path + query, safe='/')}"
        return _redirect(request, target)

    @app.exception_handler(Forbidden)
    async def _not_allowed(request: Request, exc: Forbidden) -> Response:
        if _page_path(request) is None:
            return _json(exc)
        return _redirect(request, f"{base_path(request)}/")
