"""Admin → Notifications and My account → Notifications in Chromium: add a channel, send a test
to a real webhook receiver on 127.0.0.1, see a dead one's plain error; a user's own test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from earmark.notifications.models import NotificationChannel, UserNotificationSettings
from tests.browser.conftest import Site, screenshot, sign_in
from tests.harness.receivers import WebhookReceiver, free_port, webhook_receiver

__all__ = ["webhook_receiver"]


@pytest.fixture
def clean_notifications(site: Site) -> Iterator[None]:
    yield
    with site.services.sessions() as session:
        session.query(NotificationChannel).delete()
        session.query(UserNotificationSettings).delete()
        session.commit()


def _add_channel(page: Page, name: str, url: str, *events: str) -> None:
    form = page.get_by_test_id("channel-form")
    form.get_by_label("Name").fill(name)
    form.get_by_label("Apprise URL").fill(url)
    for event in events:
        form.get_by_label(event, exact=True).check()
    form.get_by_role("button", name="Add channel").click()
    expect(page.locator("li.channel", has_text=name)).to_be_visible()


@pytest.mark.usefixtures("clean_notifications")
def test_admin_adds_a_channel_and_sends_a_test(
    page: Page, site: Site, webhook_receiver: WebhookReceiver
) -> None:
    sign_in(page, site, "/admin/notifications")
    expect(page.get_by_role("heading", name="Notifications", exact=True)).to_be_visible()
    _add_channel(page, "Family hook", webhook_receiver.url(), "Available", "Failed")
    row = page.locator("li.channel", has_text="Family hook")
    expect(row).to_contain_text("json")
    expect(row).to_contain_text("Available")
    row.get_by_role("button", name="Send test").click()
    result = page.get_by_test_id("test-result")
    expect(result).to_contain_text("Test of Family hook: Sent.")
    assert webhook_receiver.wait_for_posts()[0]["title"] == "Earmark: test notification"

    _add_channel(page, "Dead hook", f"json://127.0.0.1:{free_port()}/gone", "Failed")
    page.locator("li.channel", has_text="Dead hook").get_by_role("button", name="Send test").click()
    expect(result).to_contain_text("Connection error", timeout=20_000)
    expect(result).to_have_class("alert alert-error")
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"admin-notifications-{width}")

    page.locator("li.channel", has_text="Family hook").get_by_role("button", name="Edit").click()
    form = page.get_by_test_id("channel-form")
    expect(form.get_by_label("Apprise URL")).to_have_attribute(
        "placeholder", "stored; leave empty to keep"
    )
    form.get_by_label("Downloading", exact=True).check()
    form.get_by_role("button", name="Save channel").click()
    expect(page.locator("li.channel", has_text="Family hook")).to_contain_text("Downloading")


@pytest.mark.usefixtures("clean_notifications")
def test_user_sets_and_tests_their_own_notifications(
    page: Page, site: Site, webhook_receiver: WebhookReceiver
) -> None:
    sign_in(page, site, "/account")
    panel = page.get_by_test_id("my-notifications")
    panel.get_by_label("Apprise URL").fill(webhook_receiver.url("mine"))
    panel.get_by_label("Available", exact=True).check()
    panel.get_by_role("button", name="Save").click()
    expect(panel.get_by_label("Apprise URL")).to_have_attribute(
        "placeholder", "stored (json); leave empty to keep"
    )
    panel.get_by_role("button", name="Send test").click()
    expect(panel.get_by_test_id("my-test-result")).to_contain_text("Sent.")
    assert webhook_receiver.wait_for_posts()[0]["title"] == "Earmark: test notification"
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"account-notifications-{width}")
