"""Refuses request bodies above a size limit with 413 and a JSON message."""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from earmark.api.errors import error_body

# No route takes uploads: JSON bodies and small forms only.
MAX_BODY_BYTES = 1024 * 1024
TOO_LARGE_MESSAGE = "The request body is larger than this server accepts (1 MiB)."


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class BodySizeLimit:
    """ASGI middleware: checks Content-Length up front and counts streamed (chunked) bodies.

    A streamed body that passes the limit raises HTTPException(413) inside `receive`, which
    FastAPI lets through to the app's JSON error handler.
    """

    def __init__(self, app: ASGIApp, max_body_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _declared_length(scope)
        if declared is not None and declared > self.max_body_bytes:
            await self._refuse(send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise HTTPException(413, TOO_LARGE_MESSAGE)
            return message

        await self.app(scope, counting_receive, send)

    @staticmethod
    async def _refuse(send: Send) -> None:
        body = json.dumps(error_body("PayloadTooLarge", TOO_LARGE_MESSAGE)).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})
