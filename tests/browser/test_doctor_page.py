"""Admin → Doctor in Chromium: the checks' findings in plain words, and a re-run that sees changes."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import Site, screenshot, sign_in


def test_doctor_page_shows_findings_and_runs_again(page: Page, site: Site, tmp_path: Path) -> None:
    config = site.services.config
    before = {key: config.get(key) for key in ("paths.downloads", "paths.media")}
    config.set_many({"paths.downloads": str(tmp_path / "missing"), "paths.media": str(tmp_path)})
    try:
        sign_in(page, site, "/admin")
        page.get_by_role("link", name="Doctor", exact=True).first.click()
        page.wait_for_url(f"{site.url}/admin/doctor")
        folder = page.locator('[data-check="download folder"]')
        expect(folder).to_have_attribute("data-outcome", "fail")
        expect(folder).to_contain_text("What to change:")
        expect(page.locator('[data-check="Prowlarr"]')).to_have_attribute("data-outcome", "ok")
        expect(page.get_by_test_id("doctor-summary")).to_contain_text("found a problem")
        screenshot(page, "doctor-desktop")
        page.set_viewport_size({"width": 390, "height": 844})
        screenshot(page, "doctor-phone")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the doctor page is {overflow}px wider than a phone"

        (tmp_path / "missing").mkdir()
        page.get_by_test_id("doctor-rerun").click()
        expect(folder).to_have_attribute("data-outcome", "ok")
    finally:
        config.set_many(before)
