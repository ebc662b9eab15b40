"""Account pages: the invitation page for an open, used or unknown link, the account page, and
the Users page's disable control."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from earmark.requests.notify import NotificationEvent
from earmark.users.invitations import InvitationService
from earmark.users.service import UserService
from earmark.wiring import Services
from tests.api.web.conftest import SignIn
from tests.api.web.seed import add_user


def _invitation(services: Services, role: str = "user") -> str:
    users = UserService(services.sessions, services.cipher, services.clock)
    invitations = InvitationService(services.sessions, services.clock, users)
    admin = add_user(services, "boss", "admin")
    return invitations.create(admin.id, role, timedelta(days=1)).token


def test_invite_page_offers_the_form_for_an_open_link(
    client: TestClient, services: Services
) -> None:
    token = _invitation(services, role="admin")
    page = client.get(f"/invite/{token}")
    assert page.status_code == 200
    assert 'data-testid="invite-form"' in page.text
    assert "(administrator)" in page.text
    assert "invite-problem" not in page.text


def test_invite_page_explains_a_used_or_unknown_link(
    client: TestClient, services: Services
) -> None:
    token = _invitation(services)
    accepted = client.post(
        f"/api/invitations/{token}/accept",
        json={"username": "newcomer", "password": "a long enough secret"},
    )
    assert accepted.status_code == 200
    client.cookies.clear()
    used = client.get(f"/invite/{token}")
    assert "This invitation has already been used" in used.text
    assert 'data-testid="invite-form"' not in used.text
    unknown = client.get("/invite/not-a-token")
    assert "This invitation link is not valid" in unknown.text


def test_account_page_shows_password_form_only_for_local_accounts(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    plex_user = add_user(services, "plexreader")
    sign_in(plex_user)
    page = client.get("/account")
    assert page.status_code == 200
    assert 'data-testid="api-keys"' in page.text
    assert 'data-testid="change-password"' not in page.text
    assert "plex.tv" in page.text

    sign_in(add_user(services, "admin", "admin", local_admin=True))
    assert 'data-testid="change-password"' in client.get("/account").text


def test_users_page_marks_disabled_users(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    admin = add_user(services, "boss", "admin")
    reader = add_user(services, "reader")
    UserService(services.sessions, services.cipher, services.clock).set_disabled(
        admin.id, reader.id, disabled=True
    )
    sign_in(admin)
    page = client.get("/admin/users")
    assert f'userRow("{reader.id}", "user", true, false, ' in page.text
    assert f'userRow("{admin.id}", "admin", false, false, ' in page.text
    assert 'data-testid="new-user"' in page.text


def test_notification_pages_offer_every_event(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    sign_in(add_user(services, "reader"))
    account = client.get("/account").text
    assert 'data-testid="my-notifications"' in account
    assert account.count('x-model="events"') == len(NotificationEvent)
    assert client.get("/admin/notifications", follow_redirects=False).status_code == 303

    sign_in(add_user(services, "boss", "admin"))
    page = client.get("/admin/notifications")
    assert page.status_code == 200
    assert page.text.count('x-model="form.events"') == len(NotificationEvent)
    assert "Needs attention" in page.text
