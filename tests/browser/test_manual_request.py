"""The "Can't find it? Request it by title" form: reached from a search with no results, clear
field messages, and a request for a book the catalog does not list (phone and desktop widths)."""

from __future__ import annotations

from urllib.parse import quote

from playwright.sync_api import Page, expect
from sqlalchemy import select

from earmark.requests.models import Audiobook
from tests.browser.conftest import Site, screenshot, sign_in

UNLISTED = "Zephyrine Quillworth Ledgers"


def test_search_without_results_leads_to_a_manual_request(page: Page, site: Site) -> None:
    sign_in(page, site, "/search")
    page.goto(f"{site.url}/search?q={quote(UNLISTED)}")
    expect(page.get_by_text("No audiobooks match")).to_be_visible()
    page.get_by_role("link", name="Request it by title").click()
    page.wait_for_url(f"{site.url}/request-by-title?q=*")
    expect(page.locator("#manual-book-title")).to_have_value(UNLISTED)

    form = page.get_by_test_id("manual-request")
    page.get_by_test_id("manual-submit").click()
    expect(form.locator("#manual-error")).to_have_text(
        "Give the book's author; the search needs it."
    )
    expect(page.locator("#manual-book-author")).to_have_attribute("aria-invalid", "true")
    page.fill("#manual-book-author", "Orla Pennywhistle")
    page.fill("#manual-book-isbn", "978-0-306-40615-8")
    page.get_by_test_id("manual-submit").click()
    expect(form.locator("#manual-error")).to_contain_text("not a valid ISBN")
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"manual-request-form-error-{width}")

    page.fill("#manual-book-isbn", "978-0-306-40615-7")
    page.fill("#manual-book-year", "2024")
    page.get_by_test_id("manual-submit").click()
    created = page.get_by_test_id("manual-created")
    expect(created).to_contain_text(f"Requested “{UNLISTED}”")
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"manual-request-created-{width}")
    with site.services.sessions() as session:
        book = session.scalars(select(Audiobook).where(Audiobook.title == UNLISTED)).one()
        assert (book.audible_asin, book.isbn, book.publication_year) == (
            None,
            "9780306406157",
            2024,
        )
    created.get_by_role("link", name="Follow it").click()
    expect(page.get_by_role("heading", name=UNLISTED)).to_be_visible()


def test_manual_request_form_fits_a_narrow_phone(page: Page, site: Site) -> None:
    sign_in(page, site, "/search")
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{site.url}/request-by-title")
    expect(page.locator("#manual-book-title")).to_have_value("")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
