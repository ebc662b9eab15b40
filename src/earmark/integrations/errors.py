"""Errors every integration raises, so callers decide retry vs fail without knowing the product.

`Unreachable` and `RateLimited` are transient (retry with backoff); `AuthFailed` and `ApiChanged`
need a person (fail with the message). Messages name the service and what to check.
"""

from __future__ import annotations

from earmark.core.errors import UpstreamFailed


class IntegrationError(UpstreamFailed):
    code = "IntegrationError"
    transient = False

    def __init__(self, service: str, message: str) -> None:
        super().__init__(f"{service}: {message}")
        self.service = service


class Unreachable(IntegrationError):
    code = "Unreachable"
    transient = True


class RateLimited(IntegrationError):
    code = "RateLimited"
    transient = True

    def __init__(
        self, service: str, message: str, retry_after_seconds: float | None = None
    ) -> None:
        super().__init__(service, message)
        self.retry_after_seconds = retry_after_seconds


class AuthFailed(IntegrationError):
    code = "AuthFailed"


class ApiChanged(IntegrationError):
    """The service answered something we cannot understand (wrong URL, other product, new API)."""

    code = "ApiChanged"


class NotFoundUpstream(IntegrationError):
    code = "NotFoundUpstream"
