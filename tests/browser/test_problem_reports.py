"""Report a problem in Chromium (docs/problems.md): the owner of an available book reports a wrong
copy with a reason and a note; an admin keeps one copy with a note the owner reads, and replaces
another, whose request page then says the old copy stays until the new one is imported."""

from __future__ import annotations

import uuid

from playwright.sync_api import Page, expect
from sqlalchemy import select

from earmark.db.engine import transaction
from earmark.requests.models import Audiobook, ProblemReport, Request
from earmark.requests.problem_states import ProblemStatus
from earmark.requests.states import RequestStatus
from tests.api.web.seed import add_request
from tests.browser.conftest import Site, screenshot, sign_in


def _available(site: Site, title: str) -> uuid.UUID:
    request_id = add_request(site.services, site.admin, title, RequestStatus.AVAILABLE)
    with transaction(site.services.sessions) as session:
        request = session.get_one(Request, request_id)
        book = session.get_one(Audiobook, request.audiobook_id)
        book.file_path = f"/library/Ada Lovelace/{title}"
    return request_id


def _report(page: Page, reason: str, note: str) -> None:
    panel = page.get_by_test_id("problem-panel")
    panel.get_by_label("What is wrong?").select_option(label=reason)
    panel.get_by_label("Details (optional)").fill(note)
    panel.get_by_role("button", name="Report a problem").click()
    expect(page.get_by_test_id("problem-state")).to_contain_text("Open: waiting for an admin.")


def _report_of(site: Site, request_id: uuid.UUID) -> ProblemReport:
    with site.services.sessions() as session:
        return session.scalars(
            select(ProblemReport).where(ProblemReport.request_id == request_id)
        ).one()


def test_report_a_problem_then_an_admin_keeps_one_copy_and_replaces_another(
    page: Page, site: Site
) -> None:
    hissing = _available(site, "A Copy With Hiss")
    wrong = _available(site, "A Copy Read By Someone Else")
    sign_in(page, site, "/requests")
    page.set_viewport_size({"width": 390, "height": 860})
    card = page.locator("article.req", has_text="A Copy With Hiss")
    card.get_by_test_id("report-problem-link").click()
    page.wait_for_url(f"**/requests/{hissing}#problem")
    expect(page.get_by_test_id("problem-form")).to_be_visible()
    screenshot(page, "problem-report-form-390")
    page.set_viewport_size({"width": 1366, "height": 860})
    screenshot(page, "problem-report-form-1366")

    _report(page, "Bad audio", "Hiss all through chapter 3")
    assert _report_of(site, hissing).reason == "bad_audio"
    page.goto(f"{site.url}/requests/{wrong}")
    _report(page, "Wrong narrator", "Not the narrator Audible lists")

    page.goto(f"{site.url}/admin/problems")
    rows = page.get_by_test_id("problem-row")
    expect(rows).to_have_count(2)
    page.set_viewport_size({"width": 390, "height": 860})
    screenshot(page, "problem-admin-list-390")
    page.set_viewport_size({"width": 1366, "height": 860})
    screenshot(page, "problem-admin-list-1366")

    kept = rows.filter(has_text="A Copy With Hiss")
    kept.get_by_label("Note for the requester (optional)").fill("The hiss is on the master.")
    kept.get_by_role("button", name="Keep (dismiss)").click()
    page.get_by_test_id("confirm-ok").click()
    expect(page.get_by_test_id("problem-row")).to_have_count(1)
    page.get_by_test_id("problem-row").get_by_role("button", name="Replace").click()
    page.get_by_test_id("confirm-ok").click()
    expect(page.get_by_test_id("problem-replacing")).to_be_visible()

    page.goto(f"{site.url}/requests/{hissing}")
    expect(page.get_by_test_id("problem-state")).to_contain_text("Dismissed: the copy stays.")
    expect(page.get_by_test_id("problem-admin-note")).to_have_text("The hiss is on the master.")
    page.goto(f"{site.url}/requests/{wrong}")
    expect(page.get_by_test_id("problem-state")).to_contain_text("Being replaced")
    page.set_viewport_size({"width": 390, "height": 860})
    screenshot(page, "problem-being-replaced-390")
    page.set_viewport_size({"width": 1366, "height": 860})
    screenshot(page, "problem-being-replaced-1366")

    assert _report_of(site, hissing).status == ProblemStatus.DISMISSED
    replacing = _report_of(site, wrong)
    assert replacing.replacing_path == "/library/Ada Lovelace/A Copy Read By Someone Else"
    with site.services.sessions() as session:
        assert session.get_one(Request, wrong).status == RequestStatus.SEARCHING
        assert session.get_one(Request, hissing).status == RequestStatus.AVAILABLE
