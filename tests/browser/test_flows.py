"""End-to-end flows in Chromium: sign-in, request from home, admin logs filter, screenshots."""

from __future__ import annotations

from collections import Counter
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from earmark.db.engine import transaction
from earmark.requests.models import Request
from tests.api.web.seed import add_request
from tests.browser.conftest import Site, screenshot, sign_in

MAIN_PAGES = [
    "/",
    "/requests",
    "/admin",
    "/admin/logs",
    "/admin/users",
    "/admin/jobs",
    "/admin/settings",
]


def test_sign_in_local_admin_wrong_then_right_password(page: Page, site: Site) -> None:
    page.goto(f"{site.url}/admin")
    expect(page).to_have_url(f"{site.url}/login?redirect=/admin")
    screenshot(page, "login-desktop")
    page.fill("#username", "admin")
    page.fill("#password", "not-the-password")
    page.click("form[data-testid=local-login] button[type=submit]")
    expect(page.get_by_test_id("login-error")).to_be_visible()
    sign_in(page, site, "/admin")
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()


def test_request_from_home_appears_in_my_requests_with_status(page: Page, site: Site) -> None:
    sign_in(page, site)
    card = page.locator("article.card", has_text="The Loopback Chronicles 5").first
    card.get_by_role("button", name="Request The Loopback Chronicles 5").click()
    expect(card.locator(".badge", has_text="Pending")).to_be_visible()
    page.goto(f"{site.url}/requests")
    row = page.locator("article.req", has_text="The Loopback Chronicles 5")
    expect(row.locator('[data-status="pending"]')).to_be_visible()


def test_book_details_modal_opens_and_closes_with_escape(page: Page, site: Site) -> None:
    products = [product.audible for product in site.fakes.audible.state.products]
    titles = Counter(book["title"] for book in products)
    book = next(b for b in products if b["narrators"] and titles[b["title"]] == 1)
    sign_in(page, site)
    page.goto(f"{site.url}/search?q={quote(book['title'])}")
    page.get_by_role("button", name=f"Details of {book['title']}").first.click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(book["narrators"][0]["name"])
    screenshot(page, "book-details-desktop")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()


def test_admin_logs_filter_by_level_shows_only_that_level(page: Page, site: Site) -> None:
    sign_in(page, site, "/admin/logs")
    expect(page.get_by_test_id("log-total")).to_have_text("75 events")
    page.select_option("#f-level", "error")
    expect(page.get_by_test_id("log-total")).to_have_text("25 events match the filters")
    levels = page.locator("#log-table tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.level)"
    )
    assert levels and set(levels) == {"error"}
    page.fill("#f-text", "number 5 (")
    expect(page.get_by_test_id("log-total")).to_have_text("1 event matches the filters")
    expect(page).to_have_url(f"{site.url}/admin/logs?level=error&text=number+5+%28")
    page.reload()
    expect(page.locator("#f-level")).to_have_value("error")
    expect(page.locator("#f-text")).to_have_value("number 5 (")
    expect(page.get_by_test_id("log-total")).to_have_text("1 event matches the filters")


def test_search_query_lives_in_the_address_and_back_restores_it(page: Page, site: Site) -> None:
    sign_in(page, site, "/search")
    page.locator("#q").fill("loopback chronicles")  # one input event, as a paste gives
    expect(page.get_by_test_id("result-count")).to_contain_text("loopback chronicles")
    expect(page).to_have_url(f"{site.url}/search?q=loopback+chronicles")
    page.goto(f"{site.url}/requests")
    page.go_back()
    expect(page).to_have_url(f"{site.url}/search?q=loopback+chronicles")
    expect(page.locator("#q")).to_have_value("loopback chronicles")
    expect(page.get_by_test_id("result-count")).to_contain_text("loopback chronicles")


def test_home_search_shows_results_while_typing_and_keeps_the_home_address(
    page: Page, site: Site
) -> None:
    sign_in(page, site)
    page.locator("#home-search").fill("loopback chronicles")
    expect(page.locator("#home-results").get_by_test_id("result-count")).to_contain_text(
        "loopback chronicles"
    )
    expect(page).to_have_url(f"{site.url}/")


def test_cancel_from_my_requests_updates_the_badge(page: Page, site: Site) -> None:
    sign_in(page, site)
    card = page.locator("article.card", has_text="The Loopback Chronicles 7").first
    card.get_by_role("button", name="Request The Loopback Chronicles 7").click()
    expect(card.locator(".badge", has_text="Pending")).to_be_visible()
    page.goto(f"{site.url}/requests")
    row = page.locator("article.req", has_text="The Loopback Chronicles 7")
    row.get_by_role("button", name="Cancel").click()
    question = page.get_by_role("dialog", name="Cancel this request?")
    expect(question).to_contain_text("stops looking for this book")
    page.set_viewport_size({"width": 390, "height": 800})
    screenshot(page, "confirm-dialog-390")
    question.get_by_role("button", name="Cancel request").click()
    expect(
        page.locator("article.req", has_text="The Loopback Chronicles 7").locator(
            '[data-status="cancelled"]'
        )
    ).to_be_visible()


@pytest.mark.parametrize(("width", "label"), [(1280, "desktop"), (375, "mobile")])
def test_main_pages_render_without_horizontal_overflow(
    page: Page, site: Site, width: int, label: str
) -> None:
    sign_in(page, site)
    page.set_viewport_size({"width": width, "height": 860})
    for path in MAIN_PAGES:
        page.goto(f"{site.url}{path}")
        page.wait_for_load_state("networkidle")
        name = (path.strip("/").replace("/", "-") or "home") + f"-{label}"
        screenshot(page, name)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than a {width}px screen"


@pytest.mark.parametrize("width", [360, 390])
def test_phone_navigation_menu_reaches_every_page_within_the_screen(
    page: Page, site: Site, width: int
) -> None:
    sign_in(page, site)
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{site.url}/")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav).to_be_hidden()
    toggle = page.get_by_role("button", name="Menu", exact=True)
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    screenshot(page, f"nav-menu-{width}")
    for label in ("Home", "Search", "BookDate", "My requests", "Admin", "Logs", "Settings"):
        link = nav.get_by_role("link", name=label, exact=True)
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, label
    nav.get_by_role("link", name="Settings", exact=True).click()
    expect(page).to_have_url(f"{site.url}/admin/settings")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()


def test_desktop_shows_the_navigation_without_a_menu_button(page: Page, site: Site) -> None:
    sign_in(page, site)
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.get_by_role("button", name="Menu", exact=True)).to_be_hidden()


def test_my_requests_follow_status_and_progress_live_without_reload(page: Page, site: Site) -> None:
    request_id = add_request(site.services, site.admin, "The Live Wire", "pending")
    sign_in(page, site, "/requests")
    expect(page.locator("html")).to_have_attribute("data-live", "connected")
    row = page.locator("article.req", has_text="The Live Wire")
    expect(row.locator('[data-status="pending"]')).to_be_visible()
    page.evaluate("window.__sameDocument = true")  # gone if the page reloads

    def advance(status: str, progress: int) -> None:
        with transaction(site.services.sessions) as session:
            request = session.get(Request, request_id)
            assert request is not None
            request.status = status
            request.progress = progress

    # The list's fallback poll is 60 s: only the event stream can show these within seconds.
    advance("searching", 0)
    expect(row.locator('[data-status="searching"]')).to_be_visible(timeout=4000)
    advance("downloading", 30)
    expect(row.locator('[data-status="downloading"]')).to_be_visible(timeout=4000)
    expect(row.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "30", timeout=4000)
    advance("downloading", 75)
    expect(row.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "75", timeout=4000)
    for status in ("processing", "downloaded", "available"):
        advance(status, 100)
        expect(row.locator(f'[data-status="{status}"]')).to_be_visible(timeout=4000)
    assert page.evaluate("window.__sameDocument") is True
