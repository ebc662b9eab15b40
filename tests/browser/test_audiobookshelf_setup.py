"""Audiobookshelf in the browser: the wizard's media-server step and the sign-in page (real ABS)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, expect

from earmark.app import create_app
from earmark.demo.fakes.server import serve_app
from earmark.security.setup_code import setup_code
from earmark.settings import BootSettings
from earmark.wiring import Services, build_services, push
from tests.browser.conftest import screenshot
from tests.harness.audiobookshelf import ROOT_PASSWORD, ROOT_USERNAME, AudiobookshelfDaemon

PASSWORD = "a-long-setup-password"


@dataclass
class AbsSite:
    url: str
    services: Services
    audiobookshelf: AudiobookshelfDaemon


@pytest.fixture(scope="module")
def abs_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AbsSite]:
    """An Earmark never set up, and a real Audiobookshelf for its wizard to find."""
    root = tmp_path_factory.mktemp("abs-wizard")
    settings = BootSettings(data_dir=root / "data", run_worker=False)
    services = build_services(settings)
    push(services)
    try:
        with (
            AudiobookshelfDaemon(root, root / "library") as audiobookshelf,
            serve_app(create_app(settings, services)) as url,
        ):
            yield AbsSite(url, services, audiobookshelf)
    finally:
        services.close()


@pytest.fixture
def abs_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    yield context.new_page()
    context.close()


def _phone_screenshot(page: Page, name: str) -> None:
    page.set_viewport_size({"width": 390, "height": 860})
    screenshot(page, name)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than a 390px screen"
    page.set_viewport_size({"width": 1280, "height": 860})


def test_wizard_offers_audiobookshelf_with_its_test_and_library_choice(
    abs_page: Page, abs_site: AbsSite
) -> None:
    page, site = abs_page, abs_site
    page.goto(f"{site.url}/setup")
    page.fill("#a-code", setup_code(site.services.cipher))
    page.fill("#a-pass", PASSWORD)
    page.fill("#a-confirm", PASSWORD)
    page.get_by_role("button", name="Create admin").click()
    expect(page.get_by_role("heading", name="Media server")).to_be_visible()

    page.get_by_test_id("media-server-kind").select_option("audiobookshelf")
    expect(page.locator("#p-url")).to_be_hidden()
    page.fill("#m-audiobookshelf-server_url", site.audiobookshelf.url)
    page.fill("#m-audiobookshelf-api_key", "not-the-key")
    page.get_by_test_id("test-connection").click()
    expect(page.get_by_test_id("test-result")).to_contain_text("the API key was refused")
    expect(page.get_by_test_id("next-step")).to_be_disabled()

    page.fill("#m-audiobookshelf-api_key", site.audiobookshelf.api_key)
    page.get_by_test_id("test-connection").click()
    expect(page.get_by_test_id("test-result")).to_contain_text("Connected to Audiobookshelf 2.36.0")
    expect(page.locator("#m-audiobookshelf-library_id")).to_have_value(
        site.audiobookshelf.library_id
    )
    expect(page.get_by_test_id("next-step")).to_be_enabled()
    screenshot(page, "setup-audiobookshelf-desktop")
    _phone_screenshot(page, "setup-audiobookshelf-phone")


def test_sign_in_page_signs_in_with_an_audiobookshelf_login(
    abs_page: Page, abs_site: AbsSite
) -> None:
    page, site = abs_page, abs_site
    abs_server = site.audiobookshelf
    site.services.config.set_many(
        {
            "setup.completed": True,
            "media_server.kind": "audiobookshelf",
            "audiobookshelf.server_url": abs_server.url,
            "audiobookshelf.api_key": abs_server.api_key,
            "audiobookshelf.library_id": abs_server.library_id,
        }
    )
    page.goto(f"{site.url}/login")
    expect(page.get_by_test_id("plex-login")).to_have_count(0)
    page.fill("#server-username", ROOT_USERNAME)
    page.fill("#server-password", "wrong-password")
    page.get_by_role("button", name="Sign in with Audiobookshelf").click()
    expect(page.get_by_test_id("login-error")).to_have_text("Invalid username or password.")
    screenshot(page, "login-audiobookshelf-desktop")
    _phone_screenshot(page, "login-audiobookshelf-phone")

    page.fill("#server-password", ROOT_PASSWORD)
    page.get_by_role("button", name="Sign in with Audiobookshelf").click()
    page.wait_for_url(f"{site.url}/")
    me = page.request.get(f"{site.url}/api/auth/me").json()["user"]
    assert (me["username"], me["role"]) == (ROOT_USERNAME, "user")
