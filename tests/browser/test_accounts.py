"""The Users page in Chromium: an admin creates a local user, then makes an invitation link that
a signed-out visitor redeems."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import Site, screenshot, sign_in


def test_admin_creates_a_local_user_and_an_invitation(
    page: Page, site: Site, browser: Browser
) -> None:
    sign_in(page, site, "/admin/users")
    form = page.get_by_test_id("new-user")
    form.get_by_label("Username").fill("browser-reader")
    form.get_by_label("Password").fill("a long enough secret")
    form.get_by_role("button", name="Create user").click()
    row = page.locator("tr", has_text="browser-reader")
    expect(row).to_be_visible()
    expect(row.get_by_role("button", name="Disable")).to_be_visible()

    invitations = page.get_by_test_id("invitations")
    invitations.get_by_role("button", name="Create link").click()
    link = invitations.get_by_test_id("invite-link")
    expect(link).to_contain_text("/invite/")
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"admin-users-{width}")

    visitor = browser.new_context(viewport={"width": 390, "height": 800})
    try:
        invitee = visitor.new_page()
        invitee.goto(link.inner_text())
        invitee.get_by_label("Username").fill("invited-reader")
        invitee.get_by_label("Password", exact=True).fill("another long secret")
        invitee.get_by_label("Password again").fill("another long secret")
        screenshot(invitee, "invite-390")
        invitee.get_by_role("button", name="Create my account").click()
        invitee.wait_for_url(f"{site.url}/")
    finally:
        visitor.close()
    page.reload()
    expect(page.locator("tr", has_text="invited-reader")).to_be_visible()
