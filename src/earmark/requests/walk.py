"""Moving a request to a later status the way the pipeline would, one allowed step at a time
(used when an admin's action skips steps: existing files, a hand-found release)."""

from __future__ import annotations

from collections import deque
from datetime import datetime

from sqlalchemy.orm import Session

from earmark.core.events import EventLog
from earmark.requests.models import Request
from earmark.requests.service import advance
from earmark.requests.states import TRANSITIONS, RequestStatus

_DETOURS = frozenset({RequestStatus.AVAILABLE, RequestStatus.CANCELLED, RequestStatus.FAILED})


def _path_to(current: RequestStatus, target: RequestStatus) -> list[RequestStatus]:
    """The shortest walk through the transition table (no detour through a final status)."""
    queue: deque[tuple[RequestStatus, list[RequestStatus]]] = deque([(current, [])])
    seen = {current}
    while queue:
        status, walk = queue.popleft()
        if status == target:
            return walk
        for following in sorted(TRANSITIONS[status] - _DETOURS - seen):
            seen.add(following)
            queue.append((following, [*walk, following]))
    return []


def walk_to(
    session: Session,
    request: Request,
    target: RequestStatus,
    *,
    now: datetime,
    reason: str,
    log: EventLog | None = None,
) -> None:
    """Move the request (and its followers) step by step to `target`, as the pipeline would."""
    for status in _path_to(request.status, target):
        advance(session, request, status, now=now, reason=reason, log=log)


