"""OpenID sign-in in Chromium through a real provider (the oidc-provider package) on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from earmark.users.errors import OIDC_FAILURES
from tests.browser.conftest import Site, screenshot, sign_in
from tests.harness.oidc_provider import CLIENT_ID, CLIENT_SECRET, OidcProvider, running_provider

BUTTON = "Sign in with Pocket ID"


@pytest.fixture(scope="module")
def browser_oidc_provider(
    tmp_path_factory: pytest.TempPathFactory, site: Site
) -> Iterator[OidcProvider]:
    callback = f"{site.url}/auth/oidc/callback"
    with running_provider(tmp_path_factory.mktemp("oidc-browser"), [callback]) as running:
        site.services.config.set_many(
            {
                "oidc.enabled": True,
                "oidc.issuer_url": running.url,
                "oidc.client_id": CLIENT_ID,
                "oidc.client_secret": CLIENT_SECRET,
                "oidc.button_label": BUTTON,
                "oidc.access_rule": "groups",
                "oidc.allowed_groups": ["earmark"],
            }
        )
        try:
            yield running
        finally:
            site.services.config.set("oidc.enabled", False)


@pytest.fixture
def visitor(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    yield context
    context.close()


def _sign_in_at_provider(page: Page, site: Site, account: str) -> None:
    page.goto(f"{site.url}/login")
    page.get_by_role("link", name=BUTTON).click()
    page.locator("input[name=login]").fill(account)
    page.locator("input[name=password]").fill("any password")
    page.locator("button[type=submit]").click()


def test_signs_in_through_the_provider(
    visitor: BrowserContext, site: Site, browser_oidc_provider: OidcProvider
) -> None:
    page = visitor.new_page()
    page.goto(f"{site.url}/login")
    expect(page.get_by_role("link", name=BUTTON)).to_be_visible()
    screenshot(page, "oidc-login-390")
    _sign_in_at_provider(page, site, "alice")
    page.wait_for_url(f"{site.url}/")
    me = visitor.request.get(f"{site.url}/api/auth/me").json()["user"]
    assert me["username"] == "alice"
    screenshot(page, "oidc-signed-in-390")


def test_refused_group_shows_the_reason(
    visitor: BrowserContext, site: Site, browser_oidc_provider: OidcProvider
) -> None:
    page = visitor.new_page()
    _sign_in_at_provider(page, site, "mallory")
    page.wait_for_url(f"{site.url}/login?oidc_error=group")
    expect(page.get_by_test_id("oidc-error")).to_have_text(OIDC_FAILURES["group"])
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 844})
        screenshot(page, f"oidc-refused-group-{width}")


def test_settings_tab_shows_the_redirect_uri_and_tests_discovery(
    page: Page, site: Site, browser_oidc_provider: OidcProvider
) -> None:
    sign_in(page, site, "/admin/settings?tab=oidc")
    expect(page.get_by_test_id("oidc-redirect-uri")).to_contain_text(
        f"{site.url}/auth/oidc/callback"
    )
    page.get_by_role("button", name="Test discovery").click()
    expect(page.get_by_test_id("settings-test-result")).to_contain_text(browser_oidc_provider.url)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"oidc-settings-{width}")
