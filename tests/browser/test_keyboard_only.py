"""Keyboard only (Tab, Enter, Space and typing): sign in, search, request a book, change a setting,
with a visible focus indicator on every control reached."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Locator, Page, expect

from earmark.rule_codes import RankingRule
from earmark.settings_store.catalogue import RankingSettings
from tests.api.web.seed import ADMIN_PASSWORD
from tests.browser.conftest import Site, screenshot

MAX_TABS = 120
FOCUS_STYLE = """el => {
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
  return outline || (s.boxShadow && s.boxShadow !== "none");
}"""


def _tab_to(page: Page, target: Locator) -> None:
    """Press Tab until `target` has the focus; it must show a focus indicator."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            assert target.evaluate(FOCUS_STYLE), "the focused control shows no focus indicator"
            return
    raise AssertionError(f"{target} was not reached with Tab")


@pytest.fixture
def ranking_restored(site: Site) -> Iterator[None]:
    ranking = site.services.config.section(RankingSettings)
    yield
    site.services.config.set_many(
        {
            RankingSettings.key_of("min_score"): ranking.min_score,
            RankingSettings.key_of("disabled_rules"): ranking.disabled_rules,
        }
    )


def test_sign_in_search_request_and_change_a_setting_with_the_keyboard_alone(
    page: Page, site: Site, ranking_restored: None
) -> None:
    page.goto(f"{site.url}/login?redirect=/search")
    _tab_to(page, page.locator("#username"))
    page.keyboard.type("admin")
    _tab_to(page, page.locator("#password"))
    page.keyboard.type(ADMIN_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site.url}/search")

    # The search box has the focus on arrival; typing searches.
    expect(page.locator("#q")).to_be_focused()
    title = site.fakes.audible.state.products[-1].audible["title"]
    page.keyboard.type(title)
    expect(page.get_by_test_id("result-count")).to_contain_text(title)
    request = page.get_by_role("button", name="Request ").first
    asin = request.evaluate("el => el.closest('article').dataset.asin")
    card = page.locator(f'article.card[data-asin="{asin}"]')
    _tab_to(page, request)
    screenshot(page, "keyboard-focus-request")
    page.keyboard.press("Enter")
    expect(card.locator(".badge", has_text="Pending")).to_be_visible()

    # Settings through the main navigation, a rule switched off with Space, saved with Enter.
    _tab_to(page, page.get_by_role("navigation", name="Main").get_by_role("link", name="Settings"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site.url}/admin/settings")
    _tab_to(page, page.get_by_role("link", name="Ranking", exact=True))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site.url}/admin/settings?tab=ranking")
    floor = page.get_by_label("Confidence floor")
    _tab_to(page, floor)
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("60")
    rule = page.get_by_label(RankingRule.BUNDLE.label)
    _tab_to(page, rule)
    page.keyboard.press("Space")
    expect(rule).to_be_checked()
    save = page.get_by_role("button", name="Save changes")
    _tab_to(page, save)
    screenshot(page, "keyboard-focus-settings")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Saved.")).to_be_visible()

    ranking = site.services.config.section(RankingSettings)
    assert ranking.min_score == 60
    assert RankingRule.BUNDLE.value in ranking.disabled_rules
