"""UserService on both databases: the setup admin at rest, local sign-in, limits, Plex upsert."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from earmark.core.clock import FrozenClock
from earmark.core.errors import InvalidInput
from earmark.integrations.media_servers.plex_tv import PlexAccount
from earmark.security.crypto import Cipher
from earmark.users import repository
from earmark.users.errors import InvalidCredentials, SetupAdminExists, TooManyAttempts
from earmark.users.models import LoginFailure, User
from earmark.users.rate_limit import Limit, LoginRateLimiter
from earmark.users.service import UserService
from earmark.wiring import Services

PASSWORD = "a long enough password"


@pytest.fixture
def users(services: Services, clock: FrozenClock) -> UserService:
    return UserService(services.sessions, services.cipher, clock, LoginRateLimiter(max_failures=3))


def test_create_setup_admin_stores_encrypted_argon2_hash(
    users: UserService, services: Services
) -> None:
    admin = users.create_setup_admin("Alice", PASSWORD)
    assert (admin.plex_id, admin.plex_username, admin.role, admin.is_setup_admin) == (
        "local-alice",
        "alice",
        "admin",
        True,
    )
    assert admin.auth_token is not None and admin.auth_token.startswith("enc:v1:")
    assert services.cipher.decrypt(admin.auth_token).startswith("$argon2")


def test_create_setup_admin_twice_is_refused(users: UserService) -> None:
    users.create_setup_admin("alice", PASSWORD)
    with pytest.raises(SetupAdminExists):
        users.create_setup_admin("bob", PASSWORD)


def test_create_setup_admin_race_past_the_check_is_refused_by_the_database(
    users: UserService, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    users.create_setup_admin("alice", PASSWORD)
    # The second first-run form passed its check before the first one committed.
    monkeypatch.setattr(repository, "find_setup_admin", lambda session: None)

    with pytest.raises(SetupAdminExists):
        users.create_setup_admin("bob", PASSWORD)

    with services.sessions() as session:
        admins = session.scalars(select(User.plex_username).where(User.is_setup_admin)).all()
    assert admins == ["alice"]


@pytest.mark.parametrize("username", ["ab", "has space", "-dash"])
def test_create_setup_admin_bad_username_is_invalid(users: UserService, username: str) -> None:
    with pytest.raises(InvalidInput):
        users.create_setup_admin(username, PASSWORD)


def test_sign_in_local_sets_last_login(users: UserService, clock: FrozenClock) -> None:
    users.create_setup_admin("alice", PASSWORD)
    clock.advance(timedelta(hours=1))
    user = users.sign_in_local("ALICE", PASSWORD, "10.0.0.1")
    assert user.last_login_at == clock.now()


def test_sign_in_local_limit_expires_after_the_window(
    users: UserService, clock: FrozenClock
) -> None:
    users.create_setup_admin("alice", PASSWORD)
    for _ in range(3):
        with pytest.raises(InvalidCredentials):
            users.sign_in_local("alice", "wrong", "10.0.0.1")
    with pytest.raises(TooManyAttempts) as blocked:
        users.sign_in_local("alice", PASSWORD, "10.0.0.1")
    assert "Wait 5 minutes" in blocked.value.message
    assert users.sign_in_local("alice", PASSWORD, "10.0.0.2").plex_username == "alice"
    clock.advance(timedelta(minutes=5, seconds=1))
    assert users.sign_in_local("alice", PASSWORD, "10.0.0.1").plex_username == "alice"


def test_sign_in_local_with_lost_encryption_key_looks_like_wrong_password(
    users: UserService, services: Services, clock: FrozenClock
) -> None:
    users.create_setup_admin("alice", PASSWORD)
    other_key = UserService(services.sessions, Cipher(b"k" * 32), clock)
    with pytest.raises(InvalidCredentials):
        other_key.sign_in_local("alice", PASSWORD, "10.0.0.1")


def test_reset_local_password_ends_sessions_and_accepts_new_password(users: UserService) -> None:
    before = users.create_setup_admin("alice", PASSWORD)
    after = users.reset_local_password("alice", "another long password")
    assert after.session_version == before.session_version + 1
    assert users.sign_in_local("alice", "another long password", "10.0.0.1").id == before.id


def test_upsert_plex_user_creates_then_updates_one_row(
    users: UserService, services: Services
) -> None:
    account = PlexAccount(id="42", uuid="u42", username="reader", email=None, thumb=None)
    first = users.upsert_plex_user(account, "token-one", None)
    renamed = PlexAccount(
        id="42", uuid="u42", username="new name", email="r@example.test", thumb="t"
    )
    second = users.upsert_plex_user(renamed, "token-two", "7")
    assert first.id == second.id
    stored = users.get_user(first.id)
    assert (stored.plex_username, stored.plex_email, stored.plex_home_user_id, stored.role) == (
        "new name",
        "r@example.test",
        "7",
        "user",
    )
    assert services.cipher.decrypt(stored.auth_token or "") == "token-two"


def test_sign_in_limit_per_address_spans_usernames(services: Services, clock: FrozenClock) -> None:
    limited = UserService(
        services.sessions,
        services.cipher,
        clock,
        LoginRateLimiter(address_limit=Limit(max_hits=4, window=timedelta(minutes=5))),
    )
    limited.create_setup_admin("alice", PASSWORD)
    for number in range(4):
        with pytest.raises(InvalidCredentials):
            limited.sign_in_local(f"guess{number}", "wrong", "10.0.0.9")
    with pytest.raises(TooManyAttempts):
        limited.sign_in_local("alice", PASSWORD, "10.0.0.9")
    assert limited.sign_in_local("alice", PASSWORD, "10.0.0.10").plex_username == "alice"


def test_successful_sign_ins_do_not_fill_the_address_limit(
    services: Services, clock: FrozenClock
) -> None:
    limited = UserService(
        services.sessions,
        services.cipher,
        clock,
        LoginRateLimiter(address_limit=Limit(max_hits=2, window=timedelta(minutes=5))),
    )
    limited.create_setup_admin("alice", PASSWORD)
    for _ in range(5):
        assert limited.sign_in_local("alice", PASSWORD, "10.0.0.9").plex_username == "alice"


def test_parallel_wrong_passwords_are_counted_before_hashing(
    users: UserService, services: Services
) -> None:
    users.create_setup_admin("alice", PASSWORD)
    outcomes: list[str] = []

    def attempt() -> None:
        try:
            users.sign_in_local("alice", "wrong", "10.0.0.1")
        except InvalidCredentials:
            outcomes.append("wrong")
        except TooManyAttempts:
            outcomes.append("limited")

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # The limit is 3: exactly three attempts reach the hash, whatever the interleaving.
    assert sorted(outcomes) == ["limited"] * 5 + ["wrong"] * 3
    with services.sessions() as session:
        assert session.scalar(select(func.count(LoginFailure.id))) == 6
