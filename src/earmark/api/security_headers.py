"""Security headers on every answer: no framing, no MIME sniffing, no referrer leaks, and a
Content-Security-Policy the pages satisfy (tests/browser/test_security.py watches for violations).

Alpine.js evaluates its directives with `new Function`, hence 'unsafe-eval'; the pages set a few
inline styles (progress widths), hence 'unsafe-inline' for styles only. Scripts come from this
origin alone, so injected markup cannot run code. Images may also come from plex.tv (Plex Home
avatars) and Audible's image host (BookDate covers not in the local cover cache).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Swagger UI loads its scripts and styles from a CDN with an inline bootstrap script.
_NO_CSP_PATHS = ("/api/docs",)


AUDIBLE_IMAGES = "https://m.media-amazon.com"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(plex_tv_url: str, audible_api_url: str | None) -> str:
    """`audible_api_url` replaces Audible's hosts (the demo's and tests' stand-in) when set."""
    plex_images = _origin(plex_tv_url)
    if urlsplit(plex_tv_url).hostname == "plex.tv":
        plex_images += " https://*.plex.tv"
    covers = _origin(audible_api_url) if audible_api_url else AUDIBLE_IMAGES
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            f"img-src 'self' data: {plex_images} {covers}",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class SecurityHeaders:
    """Pure ASGI middleware (no body buffering), adding the headers to every response start."""

    def __init__(self, app: ASGIApp, plex_tv_url: str, audible_api_url: str | None) -> None:
        self.app = app
        self.base_headers = [
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"same-origin"),
        ]
        policy = content_security_policy(plex_tv_url, audible_api_url)
        self.csp = (b"content-security-policy", policy.encode())

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
