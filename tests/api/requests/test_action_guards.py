"""The API takes exactly the actions `allowed_actions` offers: 409 for the status, 403 for the role."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from earmark.db.engine import transaction
from earmark.requests.models import Audiobook, Request
from earmark.requests.states import (
    ACTION_RULES,
    RequestAction,
    RequestStatus,
    Role,
    allowed_actions,
)
from earmark.wiring import Services
from tests.support import SignedIn, make_user

A = RequestAction
S = RequestStatus

# How each action is asked for (method, path after /api/requests/{id}, body).
ROUTES: dict[RequestAction, tuple[str, str, dict[str, Any] | None]] = {
    A.CANCEL: ("POST", "/cancel", None),
    A.RETRY_SEARCH: ("POST", "/retry-search", None),
    A.INTERACTIVE_SEARCH: ("POST", "/interactive-search", None),
    A.PICK_RELEASE: ("POST", "/select-release", {"guid": "http://indexer.test/1.torrent"}),
    A.RETRY_IMPORT: ("POST", "/retry-import", None),
    A.LINK_TO_LIBRARY: ("POST", "/link-library-item", {"plex_guid": "plex://album/x"}),
    A.DELETE: ("DELETE", "", None),
    A.APPROVE: ("POST", "/approve", {"note": None}),
    A.DECLINE: ("POST", "/decline", {"note": "no"}),
    A.REPORT_PROBLEM: ("POST", "/problem", {"reason": "wrong_book", "note": None}),
    A.REPLACE: ("POST", "/replace", {"note": None}),
    A.DISMISS_PROBLEM: ("POST", "/dismiss-problem", {"note": "fine"}),
    A.IMPORT_EXISTING: ("POST", "/import-existing", {"path": "/srv/rips/The Guarded Book"}),
    A.ATTACH_RELEASE: (
        "POST",
        "/attach-release",
        {"link": "magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a"},
    ),
}
# A status in which an admin may take each admin-only action.
_ADMIN_STATUS = {
    A.APPROVE: S.PENDING_APPROVAL,
    A.DECLINE: S.PENDING_APPROVAL,
    A.REPLACE: S.AVAILABLE,
    A.DISMISS_PROBLEM: S.AVAILABLE,
}


def _request(services: Services, owner: SignedIn, status: RequestStatus) -> uuid.UUID:
    with transaction(services.sessions) as session:
        book = Audiobook(title="The Guarded Book", author="Ada Lovelace")
        session.add(book)
        session.flush()
        request = Request(user_id=owner.user.id, audiobook_id=book.id, status=status)
        session.add(request)
        session.flush()
        return request.id


def _ask(client: TestClient, who: SignedIn, action: RequestAction, request_id: uuid.UUID) -> Any:
    method, suffix, body = ROUTES[action]
    return client.request(
        method, f"/api/requests/{request_id}{suffix}", json=body, headers=who.headers
    )


@pytest.fixture
def owner(client: TestClient, services: Services) -> SignedIn:
    return make_user(services, client.app, "reader")  # type: ignore[arg-type]


@pytest.fixture
def admin(client: TestClient, services: Services) -> SignedIn:
    return make_user(services, client.app, "boss", "admin")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("action", "status", "message"),
    [
        (A.CANCEL, S.AVAILABLE, "A request that is available cannot be cancelled."),
        (A.RETRY_SEARCH, S.DOWNLOADING, "A request that is downloading cannot be searched again"),
        (A.INTERACTIVE_SEARCH, S.AVAILABLE, "A request that is available needs no release search"),
        (A.PICK_RELEASE, S.PROCESSING, "A request that is processing cannot take a release now."),
        (A.RETRY_IMPORT, S.PENDING, "A request that is pending has no import to retry."),
        (A.LINK_TO_LIBRARY, S.CANCELLED, "A request that is cancelled cannot be linked"),
        (A.APPROVE, S.SEARCHING, "A request that is searching is not waiting for approval."),
        (A.DECLINE, S.DECLINED, "A request that is declined is not waiting for approval."),
        (A.REPORT_PROBLEM, S.DOWNLOADING, "A request that is downloading has no copy in the"),
        (A.REPLACE, S.SEARCHING, "A request that is searching has no copy in the library to"),
        (A.DISMISS_PROBLEM, S.FAILED, "A request that is failed has no reported copy to keep."),
        (A.IMPORT_EXISTING, S.DOWNLOADING, "A request that is downloading cannot take existing"),
        (A.ATTACH_RELEASE, S.PROCESSING, "A request that is processing cannot take a release"),
    ],
)
def test_action_not_allowed_for_status_is_refused_with_409_and_reason(
    client: TestClient,
    services: Services,
    admin: SignedIn,
    owner: SignedIn,
    action: RequestAction,
    status: RequestStatus,
    message: str,
) -> None:
    assert action not in allowed_actions(status, Role.ADMIN)
    request_id = _request(services, owner, status)

    answer = _ask(client, admin, action, request_id)

    assert answer.status_code == 409, answer.text
    assert answer.json()["error"] == "ActionNotAllowed"
    assert answer.json()["message"].startswith(message)
    with services.sessions() as session:
        assert session.get_one(Request, request_id).status == status


@pytest.mark.parametrize(
    "action", [a for a in RequestAction if Role.USER not in ACTION_RULES[a].roles]
)
def test_admin_only_action_asked_by_the_owner_is_forbidden(
    client: TestClient, services: Services, owner: SignedIn, action: RequestAction
) -> None:
    status = _ADMIN_STATUS.get(action, S.WARN)
    assert action in allowed_actions(status, Role.ADMIN)
    assert action not in allowed_actions(status, Role.USER)
    request_id = _request(services, owner, status)

    answer = _ask(client, owner, action, request_id)

    assert answer.status_code == 403, answer.text


def test_owner_cancels_a_downloaded_request_the_transitions_allow(
    client: TestClient, services: Services, owner: SignedIn
) -> None:
    request_id = _request(services, owner, S.DOWNLOADED)

    answer = _ask(client, owner, A.CANCEL, request_id)

    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "cancelled"


def test_owner_retries_the_search_of_a_failed_request(
    client: TestClient, services: Services, owner: SignedIn
) -> None:
    request_id = _request(services, owner, S.FAILED)

    answer = _ask(client, owner, A.RETRY_SEARCH, request_id)

    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "pending"


def test_cancelling_a_cancelled_request_again_is_not_an_error(
    client: TestClient, services: Services, owner: SignedIn
) -> None:
    request_id = _request(services, owner, S.CANCELLED)

    assert _ask(client, owner, A.CANCEL, request_id).status_code == 200
