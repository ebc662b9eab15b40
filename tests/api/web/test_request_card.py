"""Request cards show exactly the buttons `allowed_actions` returns for the viewer."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from earmark.db.engine import transaction
from earmark.downloads.models import DownloadHistory, DownloadStatus
from earmark.jobs.schedules import AUTOMATIC_RETRY
from earmark.queue.schedule_models import ScheduledJob
from earmark.requests.states import CANCELLABLE, RequestAction, RequestStatus, Role, allowed_actions
from earmark.users.models import UserPermissions
from earmark.web.presenters import retry_search_label
from earmark.wiring import Services
from tests.api.web.conftest import SignIn
from tests.api.web.seed import add_request, add_user

BUTTONS = {
    RequestAction.CANCEL: "Cancel",
    RequestAction.RETRY_SEARCH: "Retry search",
    RequestAction.INTERACTIVE_SEARCH: "Interactive search",
    RequestAction.RETRY_IMPORT: "Retry import",
    RequestAction.LINK_TO_LIBRARY: "Link to library",
    RequestAction.DELETE: "Delete",
    RequestAction.APPROVE: "Approve",
    RequestAction.DECLINE: "Decline",
}
"""Card buttons by action (picking a release happens in the interactive-search dialog)."""


def _buttons(page: str) -> set[str]:
    actions = re.search(r'<div class="req-actions[^"]*"[^>]*>(.*?)</div>', page, re.S)
    assert actions is not None, page
    return set(re.findall(r"<button[^>]*>([^<]+)</button>", actions.group(1)))


def _expected(status: RequestStatus, role: Role) -> set[str]:
    """The card's buttons for a request without a download (so a failed one has no import)."""
    labels = {**BUTTONS, RequestAction.RETRY_SEARCH: retry_search_label(status)}
    shown = {labels[a] for a in allowed_actions(status, role) if a in labels}
    return shown - {"Retry import"} if status == RequestStatus.FAILED else shown


@pytest.mark.parametrize("status", list(RequestStatus))
def test_request_card_for_owner_shows_the_allowed_buttons(
    client: TestClient, services: Services, sign_in: SignIn, status: RequestStatus
) -> None:
    reader = add_user(services, "reader")
    add_request(services, reader, "A Book In Some State", status)
    sign_in(reader)

    buttons = _buttons(client.get("/requests").text)

    assert buttons == _expected(status, Role.USER)
    assert ("Cancel" in buttons) == (status in CANCELLABLE)


@pytest.mark.parametrize("status", list(RequestStatus))
def test_request_card_for_admin_shows_the_admin_tools_too(
    client: TestClient, services: Services, sign_in: SignIn, status: RequestStatus
) -> None:
    admin = add_user(services, "boss", "admin")
    add_request(services, admin, "An Admin's Book", status)
    sign_in(admin)

    assert _buttons(client.get("/requests").text) == _expected(status, Role.ADMIN)


@pytest.mark.parametrize(
    "status", [RequestStatus.PROCESSING, RequestStatus.AWAITING_IMPORT, RequestStatus.DOWNLOADED]
)
def test_request_card_offers_cancel_after_the_download_too(
    client: TestClient, services: Services, sign_in: SignIn, status: RequestStatus
) -> None:
    reader = add_user(services, "reader")
    add_request(services, reader, "Nearly There", status)
    sign_in(reader)

    assert "Cancel" in _buttons(client.get("/requests").text)


def test_request_card_for_available_book_offers_no_cancel(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    reader = add_user(services, "reader")
    add_request(services, reader, "Already Listening", RequestStatus.AVAILABLE)
    sign_in(reader)

    assert _buttons(client.get("/requests").text) == set()


def test_admin_dashboard_cards_offer_admin_tools_for_a_stuck_import(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    admin = add_user(services, "boss", "admin")
    reader = add_user(services, "reader")
    add_request(services, reader, "Stuck Import", RequestStatus.AWAITING_IMPORT, error="disk full")
    sign_in(admin)

    page = client.get("/partials/admin/overview").text

    assert _buttons(page) == {"Cancel", "Retry import", "Link to library", "Delete"}
    assert "requested by reader" in page


def test_a_failed_request_offers_retry_import_only_with_a_finished_download(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    admin = add_user(services, "boss", "admin")
    request_id = add_request(services, admin, "Broke While Importing", RequestStatus.FAILED)
    sign_in(admin)
    assert "Retry import" not in _buttons(client.get("/requests").text)

    with transaction(services.sessions) as session:
        session.add(
            DownloadHistory(
                request_id=request_id,
                selected=True,
                download_status=DownloadStatus.COMPLETED,
                download_path="/downloads/Broke While Importing",
            )
        )
    assert "Retry import" in _buttons(client.get("/requests").text)
    assert "Retry import" in _buttons(client.get(f"/requests/{request_id}").text)


def test_pages_give_scripts_every_status_badge(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    sign_in(add_user(services, "reader"))
    page = client.get("/requests").text

    content = re.search(r"<meta name=\"earmark-status-badges\" content='([^']*)'>", page)

    assert content is not None
    badges = json.loads(html.unescape(content.group(1)))
    assert set(badges) == {status.value for status in RequestStatus}
    assert badges["warn"] == ["Needs attention", "orange"]


def test_request_card_shows_interactive_search_to_a_user_permitted_to_use_it(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    reader = add_user(services, "reader")
    add_request(services, reader, "Hard To Find", RequestStatus.AWAITING_SEARCH)
    sign_in(reader)
    assert "Interactive search" not in _buttons(client.get("/requests").text)

    with transaction(services.sessions) as session:
        session.add(UserPermissions(user_id=reader.id, interactive_search=True))
    page = client.get("/requests").text

    assert "Interactive search" in _buttons(page)
    assert 'x-data="interactiveSearch()"' in page
    assert "pick(r)" not in page  # searching is granted, picking is not


def test_request_card_links_to_the_request_page(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    reader = add_user(services, "reader")
    request_id = add_request(services, reader, "Linked Book", RequestStatus.PENDING)
    sign_in(reader)

    assert f'href="/requests/{request_id}"' in client.get("/requests").text


def test_a_request_waiting_for_a_release_says_when_it_is_searched_again(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    reader = add_user(services, "reader")
    add_request(services, reader, "A Book Nobody Seeds Yet", RequestStatus.AWAITING_SEARCH)
    sign_in(reader)
    with transaction(services.sessions) as session:
        schedule = session.scalars(
            select(ScheduledJob).where(
                ScheduledJob.name == AUTOMATIC_RETRY[RequestStatus.AWAITING_SEARCH]
            )
        ).one()
        schedule.next_run_at = datetime(2026, 12, 7, 4, 0, tzinfo=UTC)

    page = client.get("/requests").text

    assert "Earmark searches again on Mon 7 Dec at 04:00 UTC" in page
    assert "Search now" in _buttons(page)

    with transaction(services.sessions) as session:
        session.scalars(
            select(ScheduledJob).where(
                ScheduledJob.name == AUTOMATIC_RETRY[RequestStatus.AWAITING_SEARCH]
            )
        ).one().enabled = False
    assert "searches again" not in client.get("/requests").text
