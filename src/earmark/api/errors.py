"""Maps domain errors and framework errors to JSON answers `{error, message}`; never a bare 500."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from earmark.core import errors
from earmark.security.crypto import DecryptionFailed

log = logging.getLogger(__name__)

STATUS_BY_ERROR: list[tuple[type[errors.EarmarkError], int]] = [
    (errors.NotFound, 404),
    (errors.Conflict, 409),
    (errors.InvalidInput, 400),
    (errors.Unauthorized, 401),
    (errors.Forbidden, 403),
    (errors.TooManyRequests, 429),
    (errors.ConfigurationMissing, 503),
    (errors.UpstreamFailed, 502),
    (DecryptionFailed, 500),
]

_HTTP_CODES = {
    400: "BadRequest",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    405: "MethodNotAllowed",
    409: "Conflict",
    413: "PayloadTooLarge",
    415: "UnsupportedMediaType",
    429: "TooManyRequests",
}


def error_body(code: str, message: str) -> dict[str, str]:
    return {"error": code, "message": message}


def status_for(exc: errors.EarmarkError) -> int:
    for kind, status in STATUS_BY_ERROR:
        if isinstance(exc, kind):
            return status
    return 500


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        location = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
        parts.append(
            f"{location}: {err.get('msg', 'invalid')}" if location else str(err.get("msg"))
        )
    return "; ".join(parts) or "invalid request"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(errors.EarmarkError)
    async def _domain(_: Request, exc: errors.EarmarkError) -> JSONResponse:
        status = status_for(exc)
        if status >= 500:
            log.error("request failed: %s", exc.message)
        body = error_body(exc.code, exc.message)
        if exc.field:
            body["field"] = exc.field
        return JSONResponse(body, status_code=status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(
            error_body("ValidationError", _validation_message(exc)), status_code=422
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "Error")
        message = exc.detail if isinstance(exc.detail, str) else code
        return JSONResponse(
            error_body(code, message), status_code=exc.status_code, headers=exc.headers
        )

    @app.exception_handler(DataError)
    async def _unstorable(_: Request, exc: DataError) -> JSONResponse:
        # PostgreSQL refuses values SQLite takes (NUL characters, out-of-range numbers).
        log.warning("the database refused a value: %s", type(exc.orig).__name__)
        message = "A value in the request cannot be stored or searched (e.g. a NUL character)."
        return JSONResponse(error_body("InvalidInput", message), status_code=400)

    @app.exception_handler(OperationalError)
    async def _database_unavailable(_: Request, exc: OperationalError) -> JSONResponse:
        # Only the driver's class: statement parameters may hold encrypted secrets.
        log.error("database unavailable: %s", type(exc.orig).__name__)
        message = "The database is unavailable or busy right now; try again in a moment."
        return JSONResponse(error_body("DatabaseUnavailable", message), status_code=503)

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return JSONResponse(
            error_body("InternalError", "Something went wrong on the server; see the server log."),
            status_code=500,
        )
