"""What pipeline handlers share: the app's services, adapter errors as job outcomes, failure hooks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from earmark.core.errors import ConfigurationMissing, InvalidInput
from earmark.db.engine import transaction
from earmark.integrations.errors import ApiChanged, AuthFailed
from earmark.queue.context import JobContext
from earmark.queue.errors import JobFailed
from earmark.requests.errors import InvalidTransition
from earmark.requests.models import Request
from earmark.requests.service import advance
from earmark.requests.states import RequestStatus
from earmark.wiring import Services


def services_of(ctx: JobContext) -> Services:
    services: Services = ctx.resources
    return services


@contextmanager
def needs_a_person() -> Iterator[None]:
    """Errors no retry can fix (missing settings, refused credentials) fail the job at once."""
    try:
        yield
    except (ConfigurationMissing, AuthFailed, ApiChanged, InvalidInput) as exc:
        raise JobFailed(exc.message) from exc


def fail_request(ctx: JobContext, error_message: str, what: str) -> None:
    """Final-failure hook: the request fails with a reason a person can act on."""
    if ctx.request_id is None:
        return
    services = services_of(ctx)
    now = ctx.clock.now()
    reason = f"{what} failed: {error_message}"
    with transaction(services.sessions) as session:
        request = session.get(Request, ctx.request_id)
        if request is None:
            return
        # A request that can no longer fail (finished meanwhile) keeps its status.
        with suppress(InvalidTransition):
            advance(session, request, RequestStatus.FAILED, now=now, reason=reason, log=ctx.log)


def result_of(outcome: Any) -> dict[str, Any]:
    return {key: value for key, value in vars(outcome).items() if not key.startswith("_")}
