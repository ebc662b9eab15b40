"""axe-core on every page at phone, tablet and desktop widths: no serious or critical violations.

axe-core comes from the npm registry once per machine (scripts/test-assets.sh, run by
scripts/test.sh before the suite) and is injected into each page; the context bypasses the
Content-Security-Policy only so that the injected checker may run.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from earmark.demo.fakes.audible_series import SERIES_ASIN
from tests.browser.conftest import SCREENSHOTS, Site, sign_in

AXE_VERSION = "4.14.1"
WIDTHS = (360, 390, 768, 1366)
SIGNED_IN_PAGES = (
    "/",
    "/search?q=loopback",
    "/requests",
    "/bookdate",
    "/account",
    "/admin",
    "/admin/logs",
    "/admin/users",
    "/admin/jobs",
    "/admin/notifications",
    "/admin/settings?tab=plex",
    "/admin/settings?tab=indexer",
    "/admin/settings?tab=download_client",
    "/admin/settings?tab=ranking",
    "/admin/settings?tab=oidc",
    "/admin/settings?tab=ebooks",
    "/admin/settings?tab=system",
    "/admin/approvals",
    "/admin/problems",
    "/admin/doctor",
    f"/series/{SERIES_ASIN}",
    "/authors?name=Harriet%20Vance",
    "/follows",
    "/request-by-title",
)
BLOCKING_IMPACTS = {"serious", "critical"}


def _axe_script() -> Path:
    cache = Path(
        os.environ.get("EARMARK_TEST_CACHE")
        or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "earmark-test"
    )
    script = cache / f"axe-core-{AXE_VERSION}" / "node_modules" / "axe-core" / "axe.min.js"
    assert script.is_file(), f"{script} is missing: run `bash scripts/test-assets.sh` first"
    return script


@pytest.fixture
def axe_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, bypass_csp=True)
    yield context.new_page()
    context.close()


def _violations(page: Page, script: Path) -> list[dict[str, object]]:
    page.add_script_tag(path=str(script))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, { resultTypes: ["violations"] });
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))
            }));
        }"""
    )
    return [v for v in result if v["impact"] in BLOCKING_IMPACTS]


def test_no_page_has_serious_or_critical_accessibility_violations(
    axe_page: Page, site: Site
) -> None:
    script = _axe_script()
    found: dict[str, list[dict[str, object]]] = {}
    axe_page.goto(f"{site.url}/login")
    axe_page.wait_for_load_state("networkidle")
    for width in WIDTHS:
        axe_page.set_viewport_size({"width": width, "height": 900})
        found[f"/login @ {width}"] = _violations(axe_page, script)
    sign_in(axe_page, site)
    for path in SIGNED_IN_PAGES:
        for width in WIDTHS:
            axe_page.set_viewport_size({"width": width, "height": 900})
            axe_page.goto(f"{site.url}{path}")
            axe_page.wait_for_load_state("networkidle")
            found[f"{path} @ {width}"] = _violations(axe_page, script)
    problems = {where: v for where, v in found.items() if v}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS.parent / "axe-report.json").write_text(json.dumps(found, indent=1))
    assert not problems, json.dumps(problems, indent=1)
