"""Admin pages on a phone: tables turn into cards, nothing scrolls sideways, actions stay on screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from earmark.jobs.runtime import seed_default_schedules
from earmark.web.pages_admin import SETTINGS_TABS
from tests.browser.conftest import Site, screenshot, sign_in

ADMIN_PAGES = (
    "/admin",
    "/admin/users",
    "/admin/approvals",
    "/admin/jobs",
    "/admin/logs",
    "/admin/notifications",
    "/admin/doctor",
    "/requests",
    *(f"/admin/settings?tab={tab}" for tab in SETTINGS_TABS),
)


@pytest.fixture(autouse=True)
def schedules(site: Site) -> None:
    """The worker's schedules, so the jobs table has rows with actions (missing ones only)."""
    seed_default_schedules(site.services)


def _overflow(page: Page) -> int:
    """How far the page reaches past the window's right edge (0: no sideways scrolling)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


@pytest.mark.parametrize("width", [360, 390])
def test_no_admin_page_scrolls_sideways_on_a_phone(page: Page, site: Site, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, site, "/admin")
    wide = {}
    for path in ADMIN_PAGES:
        page.goto(f"{site.url}{path}")
        page.wait_for_load_state("networkidle")
        if (extra := _overflow(page)) > 0:
            wide[path] = extra
    assert not wide, f"pages wider than {width} px (extra px): {wide}"


@pytest.mark.parametrize("width", [360, 390])
def test_admin_tables_become_cards_with_their_actions_on_screen(
    page: Page, site: Site, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, site, "/admin/jobs")
    run_now = page.get_by_role("button", name="Run now").first
    run_now.scroll_into_view_if_needed()
    box = run_now.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    cell = page.locator(".table-wrap td[data-label]").first
    expect(cell).to_be_visible()
    assert cell.evaluate("el => getComputedStyle(el.closest('tr')).display") == "block"
    label = cell.evaluate("el => getComputedStyle(el, '::before').content")
    assert label.strip('"'), "each cell shows its column's name"
    screenshot(page, f"admin-jobs-cards-{width}")
    page.goto(f"{site.url}/admin/users")
    screenshot(page, f"admin-users-cards-{width}")
    page.goto(f"{site.url}/admin/logs")
    screenshot(page, f"admin-logs-cards-{width}")
