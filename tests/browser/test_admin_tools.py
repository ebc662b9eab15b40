"""Admin tools in Chromium: interactive search with score breakdowns, connection tests in settings."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from earmark.db.engine import transaction
from earmark.demo.parts.processes import free_port
from earmark.integrations.media_servers import LibraryItem
from earmark.integrations.products import products
from earmark.library import cache_repository
from tests.api.web.seed import add_request
from tests.browser.conftest import PICKABLE_TITLE, Site, screenshot, sign_in
from tests.harness.usenet import SabnzbdDaemon


def test_interactive_search_shows_breakdowns_and_pick_starts_searching(
    page: Page, site: Site
) -> None:
    sign_in(page, site, "/requests")
    row = page.locator("article.req", has_text=PICKABLE_TITLE)
    row.get_by_role("button", name="Interactive search").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_test_id("release-row")).to_have_count(2)
    accepted = dialog.locator('[data-accepted="true"]')
    rejected = dialog.locator('[data-accepted="false"]')
    expect(accepted).to_contain_text(f"Ada Lovelace - {PICKABLE_TITLE} [M4B]")
    expect(accepted.locator(".chip", has_text="title")).to_be_visible()
    expect(accepted).to_contain_text("Accepted")
    expect(rejected).to_contain_text("Rejected")
    expect(rejected.locator(".reason")).to_contain_text("abridged")
    screenshot(page, "interactive-search-desktop")
    page.set_viewport_size({"width": 375, "height": 860})
    screenshot(page, "interactive-search-mobile")
    page.set_viewport_size({"width": 1280, "height": 860})

    accepted.get_by_role("button", name="Download").click()
    page.get_by_test_id("confirm-ok").click()
    expect(dialog).to_be_hidden()
    expect(row.locator('[data-status="searching"]')).to_be_visible()


def test_settings_connection_tests_report_success_and_failure(
    page: Page, site: Site, tmp_path: Path
) -> None:
    sign_in(page, site, "/admin/settings?tab=indexer")
    page.get_by_test_id("settings-test").click()
    expect(page.get_by_test_id("settings-test-result")).to_contain_text("Connected to Prowlarr")

    page.goto(f"{site.url}/admin/settings?tab=paths")
    page.fill("#s-paths-downloads", str(tmp_path / "downloads"))
    page.fill("#s-paths-media", str(tmp_path / "media"))
    page.get_by_test_id("settings-test").click()
    result = page.get_by_test_id("settings-test-result")
    expect(result).to_contain_text("Both folders are writable")
    expect(result).to_contain_text(f"{tmp_path / 'media'}/Andy Weir/Project Hail Mary")
    screenshot(page, "settings-test-desktop")

    page.goto(f"{site.url}/admin/settings?tab=plex")
    page.fill("#s-plex-server_url", f"http://127.0.0.1:{free_port()}")
    page.fill("#s-plex-auth_token", "some-token")
    page.get_by_test_id("settings-test").click()
    expect(page.get_by_test_id("settings-test-result")).to_have_class("alert alert-error")

    page.goto(f"{site.url}/admin/settings?tab=download_client")
    for client in products("download_client"):
        page.select_option("#s-download_client-type", client.name)
        url_key = client.connection.key_of("url")
        page.fill(f"#s-{url_key.replace('.', '-')}", f"http://127.0.0.1:{free_port()}")
        page.get_by_test_id("settings-test").click()
        # The body reached the test route (the typed URL under this product's keys): its report.
        result = page.get_by_test_id("settings-test-result")
        expect(result).to_contain_text(f"{client.title}:")
        expect(result).to_have_class("alert alert-error")

    page.goto(f"{site.url}/admin/settings?tab=import")
    expect(page.get_by_test_id("settings-test")).to_be_hidden()


def test_settings_new_url_for_a_stored_secret_asks_before_keeping_it(
    page: Page, site: Site
) -> None:
    stored_url = site.services.config.get("indexer.prowlarr_url")
    sign_in(page, site, "/admin/settings?tab=indexer")
    page.fill("#s-indexer-prowlarr_url", "http://127.0.0.1:9/elsewhere")
    page.get_by_role("button", name="Save changes").click()
    question = page.get_by_role("dialog", name="Send the stored secret to the new address?")
    expect(question).to_contain_text("Enter the Prowlarr API key again")
    question.get_by_role("button", name="Cancel").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the Prowlarr API key again")
    assert site.services.config.get("indexer.prowlarr_url") == stored_url


def test_link_to_library_marks_a_waiting_request_available(page: Page, site: Site) -> None:
    title = "Counting Engines (Unabridged)"
    add_request(site.services, site.admin, title, "downloaded")
    item = LibraryItem(
        guid="plex://album/counting-engines",
        item_key="77",
        title="The Counting Engines",
        author="A. Lovelace",
        file_paths=("/plex/Ada/The Counting Engines/01.mp3",),
    )
    with transaction(site.services.sessions) as session:
        cache_repository.upsert_items(session, [item], "1", site.services.clock.now())

    sign_in(page, site, "/requests")
    row = page.locator("article.req", has_text=title)
    row.get_by_role("button", name="Link to library").click()
    dialog = page.get_by_role("dialog", name="Link to a library item")
    found = dialog.get_by_test_id("library-item")
    # The request's own title finds the book as Plex names it, edition note and article aside.
    expect(found).to_have_count(1)
    expect(found).to_contain_text("/plex/Ada/The Counting Engines/01.mp3")
    screenshot(page, "library-link-desktop")
    dialog.get_by_role("searchbox").fill("nobody wrote this")
    dialog.get_by_role("button", name="Search").click()
    expect(dialog).to_contain_text("Nothing in the library matches")
    dialog.get_by_role("searchbox").fill("counting lovelace")
    dialog.get_by_role("button", name="Search").click()
    expect(found).to_have_count(1)

    found.get_by_role("button", name="Link to The Counting Engines").click()
    page.get_by_test_id("confirm-ok").click()
    expect(dialog).to_be_hidden()
    expect(row.locator('[data-status="available"]')).to_be_visible()


def test_usenet_client_tab_lists_the_usenet_products_and_tests_sabnzbd(
    page: Page, site: Site, sabnzbd_daemon: SabnzbdDaemon
) -> None:
    sign_in(page, site, "/admin/settings?tab=usenet_client")
    choices = page.locator("#s-usenet_client-type option")
    expect(choices).to_have_text(["not set", "SABnzbd", "NZBGet"])
    page.select_option("#s-usenet_client-type", "sabnzbd")
    page.fill("#s-usenet_client-sabnzbd_url", sabnzbd_daemon.url)
    page.fill("#s-usenet_client-sabnzbd_api_key", sabnzbd_daemon.api_key)
    page.get_by_test_id("settings-test").click()
    expect(page.get_by_test_id("settings-test-result")).to_contain_text(
        "Connected to SABnzbd 5.0.1"
    )
    screenshot(page, "settings-usenet-client-desktop")
    page.set_viewport_size({"width": 390, "height": 900})
    screenshot(page, "settings-usenet-client-phone")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the usenet settings tab is {overflow}px wider than a 390px screen"


def test_settings_refuse_an_out_of_range_floor_next_to_the_field(page: Page, site: Site) -> None:
    stored = site.services.config.get("ranking.min_score")
    sign_in(page, site, "/admin/settings?tab=ranking")
    floor = page.get_by_label("Confidence floor")
    for typed, problem in (("150", "must be at most 100 points"), ("-5", "must be at least 0")):
        floor.fill(typed)
        page.get_by_role("button", name="Save changes").click()
        message = page.locator("#s-ranking-min_score-error")
        expect(message).to_contain_text(problem)
        expect(floor).to_have_attribute("aria-invalid", "true")
        expect(floor).to_have_attribute("aria-describedby", "s-ranking-min_score-error")
        assert site.services.config.get("ranking.min_score") == stored
    page.set_viewport_size({"width": 390, "height": 860})
    screenshot(page, "settings-field-error-390")
    floor.fill("60")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Saved.", exact=True)).to_be_visible()
    expect(page.locator("#s-ranking-min_score-error")).to_have_count(0)
    expect(floor).not_to_have_attribute("aria-invalid", "true")
    assert site.services.config.get("ranking.min_score") == 60
    site.services.config.set_many({"ranking.min_score": stored})
