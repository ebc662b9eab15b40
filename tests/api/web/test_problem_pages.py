"""The request page's "Problem with this copy" panel and the admins' list of open reports
(docs/problems.md): each person sees only what they may do."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from earmark.db.engine import transaction
from earmark.requests.models import ProblemReport
from earmark.requests.problem_states import ProblemReason, ProblemStatus
from earmark.requests.states import RequestStatus
from earmark.users.models import User
from earmark.wiring import Services
from tests.api.web.conftest import SignIn
from tests.api.web.seed import add_request, add_user

S = RequestStatus


def _reported(services: Services, user: User, request_id: uuid.UUID, **fields: object) -> None:
    with transaction(services.sessions) as session:
        session.add(
            ProblemReport(
                request_id=request_id,
                user_id=user.id,
                reason=ProblemReason.BAD_AUDIO,
                note="Hiss all through chapter 3",
                **fields,
            )
        )


def test_the_owner_of_an_available_request_gets_the_report_form(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    reader = add_user(services, "reader")
    request_id = add_request(services, reader, "Noisy Book", S.AVAILABLE)
    sign_in(reader)

    page = client.get(f"/requests/{request_id}").text

    assert 'data-testid="problem-form"' in page
    for reason in ProblemReason:
        assert f'value="{reason.value}"' in page
    assert 'data-testid="problem-replace"' not in page
    assert 'data-testid="report-problem-link"' in client.get("/requests").text


def test_a_request_still_downloading_has_no_problem_panel(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    reader = add_user(services, "reader")
    request_id = add_request(services, reader, "Coming Book", S.DOWNLOADING)
    sign_in(reader)

    assert 'data-testid="problem-panel"' not in client.get(f"/requests/{request_id}").text


def test_the_owner_sees_an_open_report_and_an_admin_gets_replace_and_keep(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    reader = add_user(services, "reader")
    request_id = add_request(services, reader, "Noisy Book", S.AVAILABLE)
    _reported(services, reader, request_id)
    sign_in(reader)

    mine = client.get(f"/requests/{request_id}").text
    assert "Open: waiting for an admin." in mine
    assert 'data-testid="problem-form"' not in mine
    assert 'data-testid="problem-replace"' not in mine

    sign_in(add_user(services, "boss", "admin"))
    theirs = client.get(f"/requests/{request_id}").text
    assert 'data-testid="problem-replace"' in theirs and 'data-testid="problem-dismiss"' in theirs
    listed = client.get("/admin/problems").text
    assert "Noisy Book" in listed and "Bad audio" in listed and "Hiss all through" in listed


def test_a_dismissed_report_shows_the_admins_note_and_a_new_report_may_be_made(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    reader = add_user(services, "reader")
    request_id = add_request(services, reader, "Noisy Book", S.AVAILABLE)
    _reported(
        services,
        reader,
        request_id,
        status=ProblemStatus.DISMISSED,
        admin_note="The hiss is on the original recording.",
    )
    sign_in(reader)

    page = client.get(f"/requests/{request_id}").text

    assert "Dismissed: the copy stays." in page
    assert "The hiss is on the original recording." in page
    assert 'data-testid="problem-form"' in page


def test_users_cannot_open_the_admins_list(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    sign_in(add_user(services, "reader"))

    answer = client.get("/admin/problems", follow_redirects=False)

    assert answer.status_code in {302, 303, 307, 403}
