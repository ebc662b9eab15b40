"""Who may do what to a request waiting for approval: its owner, another user, an admin.

The route inventory (tests/api/test_route_inventory.py) checks every route's level against
anonymous callers and plain users; this matrix adds the row-level answers for the household routes.
"""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient

from earmark.db.engine import transaction
from earmark.requests.models import Audiobook, Request
from earmark.requests.states import RequestStatus
from earmark.wiring import Services
from tests.support import SignedIn, make_user

# (method, path; {id} is the request, {owner} its owner) -> expected status per caller.
MATRIX: list[tuple[str, str, dict[str, int]]] = [
    ("GET", "/api/requests/{id}", {"owner": 200, "other": 404, "admin": 200}),
    ("GET", "/requests/{id}", {"owner": 200, "other": 404, "admin": 200}),
    ("POST", "/api/requests/{id}/approve", {"owner": 403, "other": 403, "admin": 200}),
    ("POST", "/api/requests/{id}/decline", {"owner": 403, "other": 403, "admin": 200}),
    ("POST", "/api/requests/decisions", {"owner": 403, "other": 403, "admin": 200}),
    ("GET", "/api/admin/users/{owner}/permissions", {"owner": 403, "other": 403, "admin": 200}),
    ("PUT", "/api/admin/users/{owner}/permissions", {"owner": 403, "other": 403, "admin": 200}),
    ("POST", "/api/admin/users/{owner}/approve", {"owner": 403, "other": 403, "admin": 404}),
    ("GET", "/admin/approvals", {"owner": 303, "other": 303, "admin": 200}),
    ("GET", "/api/account/permissions", {"owner": 200, "other": 200, "admin": 200}),
]


@pytest.mark.parametrize(
    ("method", "path", "expected"), MATRIX, ids=[m + " " + p for m, p, _ in MATRIX]
)
@pytest.mark.parametrize("caller", ["owner", "other", "admin"])
def test_authorization_matrix(
    client: TestClient,
    services: Services,
    method: str,
    path: str,
    expected: dict[str, int],
    caller: str,
) -> None:
    people = {
        "owner": make_user(services, client.app, "owner"),  # type: ignore[arg-type]
        "other": make_user(services, client.app, "other"),  # type: ignore[arg-type]
        "admin": make_user(services, client.app, "boss", "admin"),  # type: ignore[arg-type]
    }
    request_id = _waiting_request(services, people["owner"])
    url = path.format(id=request_id, owner=people["owner"].user.id)
    body = {"ids": [str(request_id)], "decision": "approve"} if "decisions" in path else {}

    answer = client.request(
        method,
        url,
        json=body if method != "GET" else None,
        headers=people[caller].headers,
        follow_redirects=False,
    )

    assert answer.status_code == expected[caller], answer.text


def _waiting_request(services: Services, owner: SignedIn) -> uuid.UUID:
    with transaction(services.sessions) as session:
        book = Audiobook(title="A Book Waiting", author="Ada Lovelace")
        session.add(book)
        session.flush()
        request = Request(
            user_id=owner.user.id, audiobook_id=book.id, status=RequestStatus.PENDING_APPROVAL
        )
        session.add(request)
        session.flush()
        return request.id
