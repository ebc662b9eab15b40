"""A series in Chromium: its books in order with their states, follow with automatic requests,
"request the missing ones" through the app's dialog (each book its own request, the pre-order
waiting for its release), then the follow list; screenshots at 390 and 1366 px."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import delete, select

from earmark.db.engine import transaction
from earmark.demo.fakes.audible_series import SERIES_ASIN
from earmark.queue.models import Job
from earmark.requests.models import Audiobook, Request
from earmark.series.models import Follow
from tests.browser.conftest import Site, screenshot, sign_in


@pytest.fixture
def clean(site: Site) -> Iterator[None]:
    """The site is shared by the session: take away the requests and follows made here."""
    yield
    with transaction(site.services.sessions) as session:
        books = select(Audiobook.id).where(Audiobook.audible_asin.like("B0LANTRN%"))
        request_ids = select(Request.id).where(Request.audiobook_id.in_(books))
        session.execute(delete(Job).where(Job.request_id.in_(request_ids)))
        session.execute(delete(Request).where(Request.audiobook_id.in_(books)))
        session.execute(delete(Audiobook).where(Audiobook.id.in_(books)))
        session.execute(delete(Follow))


def test_series_page_follow_and_request_the_missing_ones(
    page: Page, site: Site, clean: None
) -> None:
    sign_in(page, site)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{site.url}/series/{SERIES_ASIN}")
    expect(page.get_by_role("heading", name="The Lantern Cycle")).to_be_visible()
    items = page.locator("li.shelf-item")
    expect(items).to_have_count(6)
    expect(items.nth(2)).to_contain_text("Book 2")
    expect(items.nth(5)).to_contain_text("Unnumbered")
    expect(items.nth(4).get_by_test_id("preorder")).to_be_visible()
    screenshot(page, "series-page-1366")

    page.get_by_test_id("follow").click()
    expect(page.get_by_test_id("follow")).to_have_text("Following ✓")
    page.get_by_test_id("auto-request").check()

    page.get_by_test_id("request-missing").click()
    page.get_by_test_id("confirm-ok").click()
    expect(page.get_by_test_id("request-missing")).to_have_text("Nothing to request")
    expect(page.locator('li.shelf-item[data-state="requested"]')).to_have_count(6)
    expect(items.nth(4)).to_contain_text("Not released yet")
    page.set_viewport_size({"width": 390, "height": 900})
    screenshot(page, "series-page-390")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the series page scrolls sideways at 390 px ({width} px)"

    items.first.locator("button.cover-btn").click()
    expect(page.get_by_test_id("series-link")).to_have_text("The Lantern Cycle")

    page.goto(f"{site.url}/follows")
    follow_list = page.get_by_test_id("follow-list")
    expect(follow_list).to_contain_text("The Lantern Cycle")
    expect(follow_list).to_contain_text("requests new books")
    screenshot(page, "follows-390")
    page.set_viewport_size({"width": 1366, "height": 900})
    screenshot(page, "follows-1366")
    with site.services.sessions() as session:
        follow = session.scalars(select(Follow)).one()
        assert follow.auto_request is True
    follow_list.get_by_role("button", name="Unfollow").click()
    expect(follow_list.locator("li").first).to_be_hidden()
