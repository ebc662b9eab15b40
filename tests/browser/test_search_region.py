"""The Audible region chosen for one search: its results, its place in the address, Back, 360 px."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from earmark.catalog.repository import row_by_asin
from tests.browser.conftest import Site, screenshot, sign_in


def test_a_region_chosen_for_a_search_lives_in_the_address_and_back_restores_it(
    page: Page, site: Site
) -> None:
    german = next(
        p.audible["title"]
        for p in site.fakes.audible.state.catalogs["de"]
        if p.audible["language"] == "german"
    )
    sign_in(page, site, "/search")
    page.locator("#q").fill(german)
    expect(page.get_by_test_id("result-count")).to_contain_text(german)
    page.get_by_test_id("search-region").select_option("de")
    expect(page).to_have_url(f"{site.url}/search?q={german.replace(' ', '+')}&region=de")
    expect(page.locator("article.card").first).to_contain_text(german)
    page.goto(f"{site.url}/requests")
    page.go_back()
    expect(page.get_by_test_id("search-region")).to_have_value("de")
    expect(page.locator("article.card").first).to_contain_text(german)
    page.set_viewport_size({"width": 360, "height": 780})
    screenshot(page, "search-region-de-mobile")
    # Requesting a book found there caches it with the region it came from.
    card = page.locator("article.card").first
    asin = card.get_attribute("data-asin")
    card.get_by_role("button", name=f"Request {german}").click()
    expect(card.locator(".badge", has_text="Pending")).to_be_visible()
    with site.services.sessions() as session:
        row = row_by_asin(session, asin)
        assert row is not None and (row.region, row.language) == ("de", "german")
    # Back to the configured store: only the query stays in the address.
    page.get_by_test_id("search-region").select_option("")
    expect(page).to_have_url(f"{site.url}/search?q={german.replace(' ', '+')}")
