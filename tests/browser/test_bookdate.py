"""BookDate in Chromium: onboarding, swiping by button and arrow key, undo, history, error messages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import delete

from earmark.bookdate.models import BookdateRecommendation
from earmark.db.engine import transaction
from tests.browser.conftest import Site, screenshot, sign_in


def catalog_picks(site: Site, count: int) -> list[dict[str, str]]:
    """Books of the fake catalog with unique titles and one author, as the model would name them."""
    products = [product.audible for product in site.fakes.audible.state.products]
    seen: dict[str, int] = {}
    for book in products:
        seen[book["title"]] = seen.get(book["title"], 0) + 1
    unique = [b for b in products if seen[b["title"]] == 1 and len(b["authors"]) == 1]
    return [
        {"title": b["title"], "author": b["authors"][0]["name"], "reason": f"Like {b['title']}."}
        for b in unique[:count]
    ]


@pytest.fixture
def picks(site: Site) -> Iterator[list[dict[str, str]]]:
    site.fakes.llm.reset()
    site.fakes.llm.picks = catalog_picks(site, 4)
    yield site.fakes.llm.picks
    site.fakes.llm.reset()


def top_card(page: Page, title: str) -> None:
    expect(page.get_by_test_id("bookdate-card")).to_contain_text(title)


def showing(page: Page, picks: list[dict[str, str]], after: str | None = None) -> str:
    """The title on the top card (one of the model's picks, with its reason), once it changed."""
    title = page.get_by_test_id("bookdate-card").locator(".bd-title")
    if after is not None:
        expect(title).not_to_have_text(after)
    text = title.inner_text()
    reasons = {pick["title"]: pick["reason"] for pick in picks}
    assert text in reasons, f"{text!r} is not one of the model's picks"
    expect(page.get_by_test_id("bookdate-card")).to_contain_text(reasons[text])
    return text


def test_bookdate_onboarding_then_swipes_request_and_undo(
    page: Page, site: Site, picks: list[dict[str, str]]
) -> None:
    sign_in(page, site, "/bookdate")
    form = page.get_by_test_id("bookdate-onboarding")
    form.get_by_label("Only books I rated").check()
    page.fill("#bd-prompt", "x" * 1200)
    expect(page.get_by_test_id("bookdate-prompt-count")).to_have_text("1000 / 1000 characters")
    page.fill("#bd-prompt", "More space opera, please.")
    form.get_by_role("button", name="Save and show my picks").click()
    # The order of the cards is the model's minus books excluded for this user, so read it back.
    first = showing(page, picks)
    screenshot(page, "bookdate-desktop")
    page.set_viewport_size({"width": 375, "height": 860})
    screenshot(page, "bookdate-mobile")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"/bookdate is {overflow}px wider than a 375px screen"
    page.set_viewport_size({"width": 1280, "height": 860})

    page.keyboard.press("ArrowRight")
    second = showing(page, picks, after=first)
    history = page.get_by_test_id("bookdate-history")
    expect(history.locator("li").first).to_contain_text(f"Requested {first}")
    page.get_by_role("button", name="✕ Not interested").click()
    third = showing(page, picks, after=second)
    page.get_by_test_id("bookdate-undo").click()
    top_card(page, second)
    # Keys are ignored while a swipe or undo is in flight: wait for the undo to settle.
    expect(history.locator("li").first).to_contain_text(f"Requested {first}")
    expect(page.get_by_test_id("bookdate-undo")).to_be_enabled()
    page.keyboard.press("ArrowUp")
    top_card(page, third)
    expect(history.locator("li").first).to_contain_text(f"Maybe later {second}")

    page.goto(f"{site.url}/requests")
    row = page.locator("article.req", has_text=first)
    expect(row.locator('[data-status="pending"]')).to_be_visible()
    sent = site.fakes.llm.bodies[-1]["messages"]
    assert "More space opera, please." in str(sent)


def test_bookdate_model_failure_shows_the_reason_and_a_retry(
    page: Page, site: Site, picks: list[dict[str, str]]
) -> None:
    # Start from "no picks waiting" whatever earlier tests left, so the next load asks the model.
    with transaction(site.services.sessions) as session:
        session.execute(
            delete(BookdateRecommendation).where(BookdateRecommendation.user_id == site.admin.id)
        )
    site.fakes.llm.behaviour = "500"
    sign_in(page, site, "/bookdate")
    # With no picks stored, opening the page (or finishing onboarding) asks the model at once.
    if page.get_by_test_id("bookdate-onboarding").is_visible():
        page.get_by_role("button", name="Save and show my picks").click()
    problem = page.get_by_test_id("bookdate-problem")
    expect(problem).to_contain_text("The recommendation model did not answer usefully.")
    screenshot(page, "bookdate-error-desktop")
    site.fakes.llm.behaviour = "good"
    problem.get_by_role("button", name="Try again").click()
    expect(problem).to_be_hidden()
    expect(page.get_by_test_id("bookdate-card")).to_be_visible()


@pytest.mark.parametrize(
    ("setting", "value"), [("bookdate.enabled", False), ("bookdate.model", "")]
)
def test_bookdate_off_or_unconfigured_says_so(
    page: Page, site: Site, setting: str, value: object
) -> None:
    kept = site.services.config.get(setting)
    site.services.config.set(setting, value)
    try:
        sign_in(page, site, "/bookdate")
        expect(page.get_by_test_id("bookdate-problem")).to_contain_text("BookDate is off.")
        expect(page.get_by_test_id("bookdate-card")).to_have_count(0)
    finally:
        site.services.config.set(setting, kept)
