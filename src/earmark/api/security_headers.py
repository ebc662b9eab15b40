"""Security headers on every answer: no framing, no MIME sniffing, no referrer leaks, and a
Content-Security-Policy the pages satisfy (tests/browser/test_security.py watches for violations).

Alpine.js evaluates its directives with `new Function`, hence 'unsafe-eval'; the pages set a few
inline styles (progress widths), hence 'unsafe-inline' for styles only. Scripts come from this
origin alone, so injected markup cannot run code. Plex Home avatars come from plex.tv.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Swagger UI loads its scripts and styles from a CDN with an inline bootstrap script.
_NO_CSP_PATHS = ("/api/docs",)


def content_security_policy(plex_tv_url: str) -> str:
    parts = urlsplit(plex_tv_url)
    plex_images = f"{parts.scheme}://{parts.netloc}"
    if parts.hostname == "plex.tv":
        plex_images += " https://*.plex.tv"
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            f"img-src 'self' data: {plex_images}",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class SecurityHeaders:
    """Pure ASGI middleware (no body buffering), adding the headers to every response start."""

    def __init__(self, app: ASGIApp, plex_tv_url: str) -> None:
        self.app = app
        self.base_headers = [
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"same-origin"),
        ]
        self.csp = (b"content-security-policy", content_security_policy(plex_tv_url).encode())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        root: str = scope.get("root_path", "")
        inside = path[len(root) :] if root and path.startswith(root) else path
        extra = [] if inside.startswith(_NO_CSP_PATHS) else [self.csp]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.base_headers, *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)
