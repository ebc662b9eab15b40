"""Notification routes: admins manage and test channels (URLs stored encrypted, never shown);
each user reads and changes only their own settings; tests answer with the plain error."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import text

from earmark.wiring import Services
from tests.harness.receivers import SmtpReceiver, WebhookReceiver, free_port
from tests.support import make_user

CHANNELS = "/api/admin/notifications/channels"
MINE = "/api/account/notifications"


def test_admin_adds_tests_edits_and_deletes_a_channel(
    client: TestClient, services: Services, webhook_receiver: WebhookReceiver
) -> None:
    admin = make_user(services, client.app, "boss", role="admin").headers
    url = webhook_receiver.url("hook") + "?token=hook-secret-123"
    created = client.post(
        CHANNELS, json={"name": "Family", "url": url, "events": ["available"]}, headers=admin
    )
    assert created.status_code == 201, created.text
    channel = created.json()
    assert channel["kind"] == "json" and channel["events"] == ["available"]
    assert "hook-secret-123" not in created.text
    with services.sessions() as session:
        stored = session.execute(text("SELECT url_encrypted FROM notification_channels")).scalar()
    assert stored is not None and stored.startswith("enc:v1:") and "hook-secret" not in stored

    tested = client.post(f"{CHANNELS}/{channel['id']}/test", headers=admin)
    assert tested.json() == {"ok": True, "message": "Sent. Check that it arrived."}
    assert webhook_receiver.wait_for_posts()[0]["title"] == "Earmark: test notification"

    edited = client.put(
        f"{CHANNELS}/{channel['id']}",
        json={"name": "Family", "url": "", "enabled": False, "events": ["failed", "available"]},
        headers=admin,
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["events"] == ["available", "failed"] and not edited.json()["enabled"]
    listed = client.get(CHANNELS, headers=admin).json()["channels"]
    assert [c["kind"] for c in listed] == ["json"]  # the stored URL was kept

    assert client.delete(f"{CHANNELS}/{channel['id']}", headers=admin).status_code == 204
    assert client.get(CHANNELS, headers=admin).json()["channels"] == []


def test_test_button_shows_the_plain_error_without_secrets(
    client: TestClient, services: Services
) -> None:
    admin = make_user(services, client.app, "boss", role="admin").headers
    dead = f"json://127.0.0.1:{free_port()}/hook?token=dead-secret-456"
    channel = client.post(
        CHANNELS, json={"name": "Dead", "url": dead, "events": []}, headers=admin
    ).json()
    answer = client.post(f"{CHANNELS}/{channel['id']}/test", headers=admin).json()
    assert answer["ok"] is False
    assert "Connection error" in answer["message"]
    assert "dead-secret-456" not in answer["message"]


def test_bad_input_is_refused_with_a_sentence(client: TestClient, services: Services) -> None:
    admin = make_user(services, client.app, "boss", role="admin").headers
    unknown = client.post(CHANNELS, json={"name": "X", "url": "nonsense://here"}, headers=admin)
    assert unknown.status_code == 400
    assert "Apprise does not understand this URL" in unknown.json()["message"]
    bad_event = client.post(
        CHANNELS,
        json={"name": "X", "url": "json://127.0.0.1/x", "events": ["lunch"]},
        headers=admin,
    )
    assert bad_event.status_code == 422
    not_mail = client.post(
        CHANNELS,
        json={"name": "X", "url": "json://127.0.0.1/x", "sends_user_email": True},
        headers=admin,
    )
    assert "Only a mailto:// or mailtos:// channel" in not_mail.json()["message"]
    missing = client.post(f"{CHANNELS}/00000000-0000-4000-8000-000000000009/test", headers=admin)
    assert missing.status_code == 404


def test_users_cannot_reach_channels(client: TestClient, services: Services) -> None:
    user = make_user(services, client.app, "reader").headers
    assert client.get(CHANNELS, headers=user).status_code == 403
    refused = client.post(CHANNELS, json={"name": "X", "url": "json://127.0.0.1/x"}, headers=user)
    assert refused.status_code == 403


def test_each_user_sees_and_changes_only_their_own_settings(
    client: TestClient, services: Services, webhook_receiver: WebhookReceiver
) -> None:
    alice = make_user(services, client.app, "alice").headers
    bob = make_user(services, client.app, "bob").headers
    saved = client.put(
        MINE,
        json={
            "url": webhook_receiver.url("alice") + "?token=alice-secret",
            "events": ["available"],
        },
        headers=alice,
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["url_is_set"] and saved.json()["url_kind"] == "json"
    assert "alice-secret" not in saved.text

    bobs = client.get(MINE, headers=bob).json()
    assert bobs == {
        "url_is_set": False,
        "url_kind": None,
        "email": "",
        "events": [],
        "email_available": False,
    }
    assert client.post(f"{MINE}/test", headers=bob).json()["ok"] is False
    assert client.post(f"{MINE}/test", headers=alice).json()["ok"] is True
    assert webhook_receiver.wait_for_posts()[0]["title"] == "Earmark: test notification"

    kept = client.put(MINE, json={"events": ["failed"]}, headers=alice).json()
    assert kept["url_is_set"] and kept["events"] == ["failed"]
    cleared = client.put(MINE, json={"url": "", "events": []}, headers=alice).json()
    assert not cleared["url_is_set"]


def test_email_needs_the_admins_mail_channel(
    client: TestClient, services: Services, smtp_receiver: SmtpReceiver
) -> None:
    reader = make_user(services, client.app, "reader").headers
    admin = make_user(services, client.app, "boss", role="admin").headers
    early = client.put(MINE, json={"email": "reader@example.org"}, headers=reader)
    assert early.status_code == 400 and "mail channel" in early.json()["message"]
    assert client.put(MINE, json={"email": "not an address"}, headers=reader).status_code == 422

    relay = {"name": "Mail", "url": smtp_receiver.url(), "sends_user_email": True}
    assert client.post(CHANNELS, json=relay, headers=admin).status_code == 201
    saved = client.put(MINE, json={"email": "reader@example.org"}, headers=reader).json()
    assert saved["email"] == "reader@example.org" and saved["email_available"]
    assert client.post(f"{MINE}/test", headers=reader).json()["ok"] is True
    [mail] = smtp_receiver.wait_for_mail()
    assert mail.recipients == ["reader@example.org"]
