"""In Chromium, since the browser's own URL handling is the point: sign-in never redirects off
the site, and every page works under the Content-Security-Policy without a single violation."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from playwright.sync_api import Page

from tests.api.web.seed import ADMIN_PASSWORD
from tests.browser.conftest import Site, sign_in

PAGES = [
    "/",
    "/search?q=mirror",
    "/requests",
    "/bookdate",
    "/admin",
    "/admin/logs",
    "/admin/users",
    "/admin/jobs",
    "/admin/settings",
]
COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.mark.parametrize(
    "target",
    [
        "/%09/evil.example/",
        "/%0a/evil.example/",
        "/%0d%0a/evil.example/",
        "/%5Cevil.example/",
        "%2F%2Fevil.example/",
        "https://evil.example/",
    ],
)
def test_sign_in_never_redirects_off_the_site(page: Page, site: Site, target: str) -> None:
    page.goto(f"{site.url}/login?redirect={target}")
    page.fill("#username", "admin")
    page.fill("#password", ADMIN_PASSWORD)
    page.click("form[data-testid=local-login] button[type=submit]")
    page.wait_for_url(lambda url: not url.startswith(f"{site.url}/login"))
    page.wait_for_load_state("networkidle")
    assert page.url.startswith(f"{site.url}/"), page.url


def test_sign_in_still_follows_a_same_site_path(page: Page, site: Site) -> None:
    target = "/requests?status=failed"
    page.goto(f"{site.url}/login?redirect={quote(target)}")
    page.fill("#username", "admin")
    page.fill("#password", ADMIN_PASSWORD)
    page.click("form[data-testid=local-login] button[type=submit]")
    page.wait_for_url(f"{site.url}{target}")


def test_pages_run_under_the_content_security_policy(page: Page, site: Site) -> None:
    page.add_init_script(COLLECT_VIOLATIONS)
    console: list[str] = []
    page.on(
        "console",
        lambda m: console.append(m.text) if "Content Security Policy" in m.text else None,
    )
    sign_in(page, site)
    for path in PAGES:
        response = page.goto(f"{site.url}{path}")
        assert response is not None
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff"
        page.wait_for_load_state("networkidle")
        # Alpine ran: no element is left with an unprocessed x-cloak.
        assert page.locator("[x-cloak]").count() == 0, path
        violations = page.evaluate("window.__cspViolations")
        assert violations == [], f"{path}: {violations}"
    assert console == []
