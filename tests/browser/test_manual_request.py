"""The "Can't find it? Request it by title" form: reached from a search with no results, clear
field messages, and a request for a book the catalog does not list (phone and desktop widths)."""

from __future__ import annotations

from urllib.parse import quote

from playwright.sync_api import Page, expect
from sqlalchemy import select

from earmark.library.models import PlexLibraryItem
from earmark.library.normalise import normalise_person, normalise_title
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


def test_a_book_already_in_the_library_is_recognised_on_the_form(page: Page, site: Site) -> None:
    title, author = "Lanterns of Velmora", "Cassius Threnody"
    with site.services.sessions.begin() as session:
        session.add(
            PlexLibraryItem(
                plex_guid="plex://album/velmora",
                library_id="1",
                title=title,
                author=author,
                title_key=normalise_title(title),
                author_key=normalise_person(author),
            )
        )
    sign_in(page, site, "/search")
    page.goto(f"{site.url}/request-by-title?q={quote(title)}")
    page.fill("#manual-book-author", author)
    page.get_by_test_id("manual-submit").click()
    expect(page.locator("#manual-error")).to_contain_text("already in the library")
    expect(page.get_by_test_id("manual-created")).to_be_hidden()


def test_admin_imports_existing_files_or_attaches_a_magnet_on_the_request_page(
    page: Page, site: Site
) -> None:
    sign_in(page, site, "/search")
    page.goto(f"{site.url}/request-by-title?q={quote('Harbour of Quiet Engines')}")
    page.fill("#manual-book-author", "Ottoline Brask")
    page.get_by_test_id("manual-submit").click()
    page.get_by_test_id("manual-created").get_by_role("link", name="Follow it").click()
    panel = page.get_by_test_id("request-by-hand")
    expect(panel.get_by_text("Allowed folders:")).to_be_visible()

    page.fill("#existing-path", "/etc")
    panel.get_by_role("button", name="Import these files").click()
    expect(panel.get_by_role("alert")).to_contain_text("outside the folders")
    page.fill("#attach-link", "magnet:?dn=nothing")
    panel.get_by_role("button", name="Download this release").click()
    expect(panel.get_by_role("alert")).to_contain_text("magnet link cannot be used")
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"request-by-hand-error-{width}")

    magnet = "magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&dn=Harbour"
    page.fill("#attach-link", magnet)
    panel.get_by_role("button", name="Download this release").click()
    expect(panel.get_by_role("status")).to_contain_text("Release sent to the download step")
    # The live part of the page follows: the request now waits for its grab.
    card = page.locator("#request-page .request-card-wrap")
    expect(card.locator('[data-status="searching"]')).to_be_visible()


def test_interactive_search_with_own_words_for_a_manual_request(page: Page, site: Site) -> None:
    sign_in(page, site, "/search")
    page.goto(f"{site.url}/request-by-title?q={quote('Mirror of Quiet Days')}")
    page.fill("#manual-book-author", "Ada Lovelace")
    page.get_by_test_id("manual-submit").click()
    page.get_by_test_id("manual-created").get_by_role("link", name="Follow it").click()
    page.locator("#request-page").get_by_role("button", name="Interactive search").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text("No releases found.")).to_be_visible()
    dialog.locator("#is-query").fill("quiet mirror")
    dialog.get_by_role("button", name="Search", exact=True).click()
    expect(dialog.get_by_test_id("release-row")).to_have_count(2)
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"interactive-search-own-words-{width}")
