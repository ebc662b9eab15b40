"""Domain error hierarchy; the API maps these to HTTP statuses in one place."""

from __future__ import annotations


class EarmarkError(Exception):
    """Base of every error Earmark raises on purpose; `message` is shown to a person."""

    code = "Error"
    field: str | None = None
    """The input the message is about (a setting's key), when there is one: forms show it there."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(EarmarkError):
    code = "NotFound"


class Conflict(EarmarkError):
    code = "Conflict"


class InvalidInput(EarmarkError):
    code = "ValidationError"


class Unauthorized(EarmarkError):
    code = "Unauthorized"


class Forbidden(EarmarkError):
    code = "Forbidden"


class TooManyRequests(EarmarkError):
    code = "TooManyRequests"


class ConfigurationMissing(EarmarkError):
    """A feature was used before the admin configured what it needs."""

    code = "ConfigurationError"


class UpstreamFailed(EarmarkError):
    """An external service failed; the message says which and what to check."""

    code = "UpstreamError"
