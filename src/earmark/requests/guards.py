"""The status guard every request action passes before it acts (the API answers 409)."""

from __future__ import annotations

from earmark.requests.errors import ActionNotAllowed
from earmark.requests.states import RequestAction, RequestStatus, status_refusal


def require_allowed(status: RequestStatus, action: RequestAction) -> None:
    """Refuse `action` with the reason a person can read when `status` does not allow it."""
    refusal = status_refusal(status, action)
    if refusal is not None:
        raise ActionNotAllowed(refusal)
