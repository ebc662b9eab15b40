"""Admin user management: list with request counts, role changes and deletion with their guards."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from earmark.requests.models import Audiobook, Request
from earmark.users.models import User
from earmark.wiring import Services

Bearer = Callable[[User], dict[str, str]]


def _give_requests(services: Services, user: User, count: int) -> None:
    with services.sessions() as session:
        for index in range(count):
            book = Audiobook(title=f"Book {index} of {user.plex_username}", author="Someone")
            session.add(book)
            session.flush()
            session.add(Request(user_id=user.id, audiobook_id=book.id))
        session.commit()


def _setup_admin_user(services: Services) -> User:
    with services.sessions() as session:
        admin = session.scalar(select(User).where(User.is_setup_admin.is_(True)))
        assert admin is not None
        return admin


def test_admin_list_users_counts_requests(
    client: TestClient, services: Services, make_user: Callable[..., User], bearer: Bearer
) -> None:
    admin = make_user("boss", role="admin")
    reader = make_user("reader")
    _give_requests(services, reader, 2)
    response = client.get("/api/admin/users", headers=bearer(admin))
    assert response.status_code == 200
    counts = {u["username"]: u["request_count"] for u in response.json()["users"]}
    assert counts == {"boss": 0, "reader": 2}


def test_admin_list_users_plain_user_is_403(
    client: TestClient, make_user: Callable[..., User], bearer: Bearer
) -> None:
    response = client.get("/api/admin/users", headers=bearer(make_user("reader")))
    assert response.status_code == 403


def test_admin_change_own_role_is_403(
    client: TestClient, make_user: Callable[..., User], bearer: Bearer
) -> None:
    admin = make_user("boss", role="admin")
    response = client.patch(
        f"/api/admin/users/{admin.id}", json={"role": "user"}, headers=bearer(admin)
    )
    assert response.status_code == 403
    assert "your own account" in response.json()["message"]


def test_admin_change_setup_admin_role_is_403(
    client: TestClient,
    services: Services,
    setup_admin: object,
    make_user: Callable[..., User],
    bearer: Bearer,
) -> None:
    other_admin = make_user("boss", role="admin")
    target = _setup_admin_user(services)
    response = client.patch(
        f"/api/admin/users/{target.id}", json={"role": "user"}, headers=bearer(other_admin)
    )
    assert response.status_code == 403
    assert "setup admin" in response.json()["message"]
    assert _setup_admin_user(services).role == "admin"


def test_admin_change_role_invalid_value_is_422(
    client: TestClient, make_user: Callable[..., User], bearer: Bearer
) -> None:
    admin, member = make_user("boss", role="admin"), make_user("member")
    response = client.patch(
        f"/api/admin/users/{member.id}", json={"role": "owner"}, headers=bearer(admin)
    )
    assert response.status_code == 422


def test_admin_demoted_admin_loses_admin_access_at_once(
    client: TestClient, make_user: Callable[..., User], bearer: Bearer
) -> None:
    admin, other = make_user("boss", role="admin"), make_user("deputy", role="admin")
    assert (
        client.patch(
            f"/api/admin/users/{other.id}", json={"role": "user"}, headers=bearer(admin)
        ).status_code
        == 200
    )
    assert client.get("/api/admin/users", headers=bearer(other)).status_code == 403


def test_admin_delete_user_removes_their_requests(
    client: TestClient, services: Services, make_user: Callable[..., User], bearer: Bearer
) -> None:
    admin, leaver, stayer = (
        make_user("boss", role="admin"),
        make_user("leaver"),
        make_user("stayer"),
    )
    _give_requests(services, leaver, 2)
    _give_requests(services, stayer, 1)
    leaver_headers = bearer(leaver)
    assert client.delete(f"/api/admin/users/{leaver.id}", headers=bearer(admin)).status_code == 204
    with services.sessions() as session:
        owners = session.execute(
            select(Request.user_id, func.count()).group_by(Request.user_id)
        ).all()
        assert session.get(User, leaver.id) is None
    assert [tuple(row) for row in owners] == [(stayer.id, 1)]
    assert client.get("/api/auth/me", headers=leaver_headers).status_code == 401


def test_admin_delete_setup_admin_self_and_unknown_are_refused(
    client: TestClient,
    services: Services,
    setup_admin: object,
    make_user: Callable[..., User],
    bearer: Bearer,
) -> None:
    admin = make_user("boss", role="admin")
    headers = bearer(admin)
    assert (
        client.delete(
            f"/api/admin/users/{_setup_admin_user(services).id}", headers=headers
        ).status_code
        == 403
    )
    assert client.delete(f"/api/admin/users/{admin.id}", headers=headers).status_code == 403
    missing = client.delete(
        "/api/admin/users/00000000-0000-0000-0000-000000000000", headers=headers
    )
    assert missing.status_code == 404
