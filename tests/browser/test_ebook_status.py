"""The ebook companion in Chromium: its status beside the audiobook's on the request page and
the request card, at phone and desktop widths, and asking for an ebook from the request page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from earmark.db.engine import transaction
from earmark.ebooks.models import EbookCompanion
from earmark.ebooks.states import EbookStatus
from earmark.requests.models import Audiobook, Request
from tests.api.web.seed import add_request
from tests.browser.conftest import Site, screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def ebooks_on(site: Site) -> Iterator[None]:
    site.services.config.set_many({"ebooks.enabled": True})
    yield
    site.services.config.set_many({"ebooks.enabled": False})


def test_ebook_status_shows_beside_the_audiobook_at_390_and_1366(
    page: Page, site: Site, ebooks_on: None
) -> None:
    request_id = add_request(site.services, site.admin, "The Copper Atlas", "downloading",
                             progress=72)  # fmt: skip
    with transaction(site.services.sessions) as session:
        session.add(
            EbookCompanion(
                request_id=request_id,
                status=EbookStatus.DOWNLOADING,
                progress=40,
                release_title="Ada Lovelace - The Copper Atlas (2021) [EPUB]",
            )
        )
    sign_in(page, site, f"/requests/{request_id}")
    panel = page.get_by_test_id("ebook-panel")
    expect(panel.get_by_test_id("ebook-status")).to_have_text("Ebook: downloading 40%")
    expect(panel.get_by_test_id("ebook-release")).to_contain_text("[EPUB]")
    expect(page.get_by_test_id("card-ebook")).to_have_text("Ebook: downloading 40%")
    expect(page.get_by_test_id("facts-ebook")).to_have_text("downloading 40%")
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        # Nothing is wider than the screen (long release names wrap).
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not overflow, f"the request page scrolls sideways at {width} px"
        screenshot(page, f"request-ebook-{width}")


def test_asking_for_the_ebook_from_the_request_page(
    page: Page, site: Site, ebooks_on: None
) -> None:
    request_id = add_request(site.services, site.admin, "The Glass Orchard", "available")
    sign_in(page, site, f"/requests/{request_id}")
    panel = page.get_by_test_id("ebook-panel")
    expect(panel).to_contain_text("No ebook asked for")
    panel.get_by_role("button", name="Also get the ebook").click()
    expect(page.get_by_test_id("ebook-status")).to_have_text("Ebook: searching")
    expect(panel.get_by_role("button", name="Also get the ebook")).to_have_count(0)
    with site.services.sessions() as session:
        row = session.query(EbookCompanion).filter_by(request_id=request_id).one()
        assert row.status is EbookStatus.SEARCHING


def test_the_ebooks_settings_tab(page: Page, site: Site) -> None:
    sign_in(page, site, "/admin/settings?tab=ebooks")
    expect(page.get_by_text("Preferred ebook formats")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 900})
    screenshot(page, "settings-ebooks-390")


def test_the_book_dialog_asks_for_the_ebook_with_the_request(
    page: Page, site: Site, ebooks_on: None
) -> None:
    products = [product.audible for product in site.fakes.audible.state.products]
    titles = Counter(book["title"] for book in products)
    book = [b for b in products if titles[b["title"]] == 1 and b.get("asin")][-1]
    sign_in(page, site)
    page.goto(f"{site.url}/search?q={quote(book['title'])}")
    page.get_by_role("button", name=f"Details of {book['title']}").first.click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_test_id("also-ebook").check()
    page.set_viewport_size({"width": 390, "height": 900})
    screenshot(page, "book-details-ebook-390")
    dialog.get_by_role("button", name=f"Request {book['title']}").click()
    expect(dialog.locator(".badge")).to_be_visible()
    with site.services.sessions() as session:
        found = (
            session.query(EbookCompanion)
            .join(Request, Request.id == EbookCompanion.request_id)
            .join(Audiobook, Audiobook.id == Request.audiobook_id)
            .filter(Audiobook.audible_asin == book["asin"])
            .all()
        )
    assert [row.status for row in found] == [EbookStatus.SEARCHING]
