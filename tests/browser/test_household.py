"""A household in Chromium: an admin creates a user and an invitation; the invitee signs up and
requests a book that needs approval; over their quota they are told when they can request again;
the admin approves the request in bulk with a note the requester then reads on the request page;
when the book becomes available the requester hears of it at their own webhook and by e-mail
(real receivers on 127.0.0.1)."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from earmark.db.engine import transaction
from earmark.notifications.schemas import ChannelIn
from earmark.requests.models import Audiobook, Request
from earmark.requests.service import advance
from earmark.requests.states import RequestStatus
from tests.browser.conftest import Site, screenshot, sign_in
from tests.harness.receivers import SmtpReceiver, WebhookReceiver

PASSWORD = "a household secret"
WANTED = "The Loopback Chronicles 9"
ONE_TOO_MANY = "The Loopback Chronicles 10"


def _request_from_home(page: Page, title: str) -> None:
    card = page.locator("article.card", has_text=title).first
    card.get_by_role("button", name=f"Request {title}").click()


def _becomes_available(site: Site, title: str) -> None:
    """What the pipeline does for the approved request, one recorded step at a time."""
    services = site.services
    with transaction(services.sessions) as session:
        request = (
            session.query(Request)
            .join(Audiobook, Audiobook.id == Request.audiobook_id)
            .filter(Audiobook.title == title)
            .one()
        )
        for status in (
            RequestStatus.SEARCHING,
            RequestStatus.DOWNLOADING,
            RequestStatus.PROCESSING,
            RequestStatus.DOWNLOADED,
            RequestStatus.AVAILABLE,
        ):
            advance(session, request, status, now=services.clock.now())


def test_invited_user_needs_approval_and_a_quota_tells_when_to_come_back(
    page: Page,
    site: Site,
    browser: Browser,
    webhook_receiver: WebhookReceiver,
    smtp_receiver: SmtpReceiver,
) -> None:
    # The household's mail server, set up by the admin to carry requesters' e-mail.
    site.services.notifications.create_channel(
        ChannelIn(name="Household mail", url=smtp_receiver.url(), events=[], sends_user_email=True)
    )
    sign_in(page, site, "/admin/users")
    form = page.get_by_test_id("new-user")
    form.get_by_label("Username").fill("household-adult")
    form.get_by_label("Password").fill(PASSWORD)
    form.get_by_role("button", name="Create user").click()
    expect(page.locator("tr", has_text="household-adult")).to_be_visible()
    page.get_by_test_id("invitations").get_by_role("button", name="Create link").click()
    link = page.get_by_test_id("invite-link")
    expect(link).to_contain_text("/invite/")
    invite_url = link.inner_text()

    teen_context = browser.new_context(viewport={"width": 390, "height": 860})
    try:
        teen = teen_context.new_page()
        teen.goto(invite_url)
        teen.get_by_label("Username").fill("household-teen")
        teen.get_by_label("Password", exact=True).fill(PASSWORD)
        teen.get_by_label("Password again").fill(PASSWORD)
        teen.get_by_role("button", name="Create my account").click()
        teen.wait_for_url(f"{site.url}/")

        # The admin: this user's requests need approval, one per week.
        page.reload()
        row = page.locator("tr", has_text="household-teen")
        row.locator("summary", has_text="Permissions").click()
        row.get_by_label("Requests approved automatically").select_option("false")
        row.get_by_label("Request quota").fill("1")
        row.locator("select[data-field=request_quota_period]").select_option("week")
        row.get_by_role("button", name="Save permissions").click()
        expect(page.locator(".toast", has_text="Permissions saved.")).to_be_visible()
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            screenshot(page, f"household-permissions-{width}")

        teen.reload()
        _request_from_home(teen, WANTED)
        expect(teen.locator(".toast", has_text="Requested (waiting for an admin's approval)")).to_be_visible()
        _request_from_home(teen, ONE_TOO_MANY)
        refusal = teen.locator("article.card", has_text=ONE_TOO_MANY).first.locator(".reason")
        expect(refusal).to_contain_text("You have used your quota of 1 request per week.")
        expect(refusal).to_have_text(
            re.compile(r"You can request again on \w{3} \d{1,2} \w{3} at \d\d:\d\d UTC\.")
        )
        screenshot(teen, "household-quota-refused-390")

        teen.goto(f"{site.url}/requests")
        card = teen.locator("article.req", has_text=WANTED)
        expect(card.locator('[data-status="pending_approval"]')).to_be_visible()
        expect(card.get_by_role("button", name="Approve")).to_have_count(0)
        card.get_by_test_id("request-link").click()
        expect(teen.get_by_role("heading", name=WANTED)).to_be_visible()
        expect(teen.get_by_test_id("timeline")).to_contain_text("Waiting for an admin's approval")

        # The admin approves it (in bulk, with a note).
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{site.url}/admin/approvals")
        approvals = page.get_by_test_id("approvals")
        approvals.locator("li", has_text=WANTED).get_by_role("checkbox").check()
        approvals.get_by_label("Note for the requesters (optional)").fill("Enjoy, and sleep too")
        screenshot(page, "household-approvals-1280")
        page.set_viewport_size({"width": 390, "height": 900})
        screenshot(page, "household-approvals-390")
        approvals.get_by_test_id("approve-selected").click()
        expect(page.get_by_text("No request is waiting for approval.")).to_be_visible()

        teen.reload()
        expect(teen.get_by_test_id("timeline")).to_contain_text(
            "Approved by an admin: Enjoy, and sleep too"
        )
        screenshot(teen, "household-request-page-390")
        teen.set_viewport_size({"width": 1280, "height": 900})
        screenshot(teen, "household-request-page-1280")

        # The teen asks to hear about their own requests: their own webhook and e-mail.
        teen.goto(f"{site.url}/account")
        mine = teen.get_by_test_id("my-notifications")
        mine.get_by_label("Apprise URL").fill(webhook_receiver.url("teen"))
        mine.get_by_label("E-mail address").fill("teen@example.org")
        mine.get_by_label("Available").check()
        mine.get_by_role("button", name="Save").click()
        expect(teen.locator(".toast").last).to_be_visible()

        _becomes_available(site, WANTED)
        site.services.notifier.drain(30)
        posts = webhook_receiver.wait_for_posts()
        assert any(f"“{WANTED}”" in p["message"] and "available" in p["message"] for p in posts)
        mails = smtp_receiver.wait_for_mail()
        assert any(m.recipients == ["teen@example.org"] and WANTED in m.text for m in mails)
    finally:
        teen_context.close()
