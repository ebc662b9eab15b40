"""A request's own page: the book, who asked, the timeline with reasons, the release and its
score breakdown, the download's progress, the imported files, and only the allowed actions."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from earmark.db.engine import transaction
from earmark.downloads.models import DownloadHistory, DownloadStatus
from earmark.requests.models import Audiobook, Request, RequestStatusChange
from earmark.requests.states import RequestStatus
from earmark.rule_codes import RankingRule
from earmark.wiring import Services
from tests.api.web.conftest import SignIn
from tests.api.web.seed import add_request, add_user

S = RequestStatus


def _history(services: Services, request_id: uuid.UUID) -> None:
    with transaction(services.sessions) as session:
        request = session.get_one(Request, request_id)
        for number, (before, after, reason) in enumerate(
            [
                (S.PENDING, S.SEARCHING, None),
                (S.SEARCHING, S.DOWNLOADING, "Picked the best of 4 releases"),
            ]
        ):
            session.add(
                RequestStatusChange(
                    request_id=request_id,
                    from_status=before,
                    to_status=after,
                    reason=reason,
                    sequence=number,
                )
            )
        session.add(
            DownloadHistory(
                request_id=request_id,
                indexer_name="Test Tracker",
                torrent_name="Foundation.Asimov.M4B",
                torrent_size_bytes=300_000_000,
                seeders=12,
                quality_score=87.0,
                selected=True,
                download_status=DownloadStatus.DOWNLOADING,
                score_breakdown={
                    "criteria": {"format": {"points": 25, "max": 25, "detail": "m4b"}},
                    "rejections": [
                        {"code": RankingRule.ABRIDGED.value, "message": "Looks abridged"}
                    ],
                    "reasons": ["Looks abridged"],
                },
            )
        )
        book = session.get_one(Audiobook, request.audiobook_id)
        book.file_path = "/library/Isaac Asimov/Foundation"
        book.file_format = "m4b"


def test_owner_sees_book_timeline_release_breakdown_and_files(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    reader = add_user(services, "reader")
    request_id = add_request(services, reader, "Foundation", S.DOWNLOADING, progress=42)
    _history(services, request_id)
    sign_in(reader)

    page = client.get(f"/requests/{request_id}")

    assert page.status_code == 200, page.text
    text = page.text
    assert 'data-testid="requested-by">reader<' in text
    assert "Picked the best of 4 releases" in text
    assert "Foundation.Asimov.M4B" in text
    assert "format 25/25" in text
    assert RankingRule.ABRIDGED.value in text
    assert "42 %" in text
    assert "/library/Isaac Asimov/Foundation" in text
    assert ">Cancel</button>" in text
    assert ">Delete</button>" not in text  # an admin's tool


def test_another_user_cannot_open_the_page_and_an_admin_can(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    reader = add_user(services, "reader")
    request_id = add_request(services, reader, "Private Book", S.PENDING_APPROVAL)
    sign_in(add_user(services, "nosy"))
    assert client.get(f"/requests/{request_id}").status_code == 404

    sign_in(add_user(services, "boss", "admin"))
    page = client.get(f"/requests/{request_id}").text
    assert ">Approve</button>" in page and ">Decline</button>" in page
    assert "Pending approval" in page


def test_the_approvals_page_lists_waiting_requests_for_admins(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    reader = add_user(services, "reader")
    add_request(services, reader, "Waiting Book", S.PENDING_APPROVAL)
    add_request(services, reader, "Busy Book", S.DOWNLOADING)
    sign_in(add_user(services, "boss", "admin"))

    page = client.get("/admin/approvals").text

    assert "Waiting Book" in page
    assert "Busy Book" not in page


def test_the_requests_and_accounts_settings_tab_holds_the_permission_defaults(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    sign_in(add_user(services, "boss", "admin"))

    tab = client.get("/admin/settings?tab=requests").text

    for key in (
        "requests.auto_approve",
        "requests.user_interactive_search",
        "requests.user_pick_release",
        "requests.quota",
        "requests.quota_period",
        "accounts.self_registration",
    ):
        assert key in tab, key
    assert '<option value="day"' in tab and '<option value="week"' in tab
    saved = client.put(
        "/api/admin/settings/requests",
        json={"requests.quota": 5, "accounts.self_registration": True},
        headers={"X-CSRF-Token": "csrf-test-value"},
    )
    assert saved.status_code == 200, saved.text
    refused = client.put(
        "/api/admin/settings/requests",
        json={"requests.quota_period": "month"},
        headers={"X-CSRF-Token": "csrf-test-value"},
    )
    assert refused.status_code in (400, 422), refused.text


def _candidate(
    request_id: uuid.UUID, title: str, score: float, **record: object
) -> DownloadHistory:
    breakdown = {"title": title, "score": score, "preference": score, "floor": 50.0}
    return DownloadHistory(
        request_id=request_id,
        torrent_name=title,
        quality_score=score,
        selected=False,
        accepted=False,
        download_status=DownloadStatus.QUEUED,
        score_breakdown={**breakdown, "accepted": False, **record},
    )


def test_a_waiting_request_explains_in_plain_words_why_nothing_was_downloaded(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    reader = add_user(services, "reader")
    request_id = add_request(services, reader, "Foundation", S.AWAITING_SEARCH)
    abridged = {
        "code": RankingRule.ABRIDGED.value,
        "message": "abridged edition, wanted the unabridged one",
    }
    floor = {
        "code": RankingRule.BELOW_FLOOR.value,
        "message": "score 85.68 is below the confidence floor 150",
    }
    with transaction(services.sessions) as session:
        session.add(
            _candidate(
                request_id,
                "Foundation (Abridged)",
                85.68,
                floor=150.0,
                rejections=[abridged, floor],
            )
        )
        session.add(_candidate(request_id, "Foundation Sampler", 12.0, rejections=[]))
    sign_in(reader)

    text = client.get(f"/requests/{request_id}").text

    assert 'data-testid="refusal"' in text
    assert "The closest was &#39;Foundation (Abridged)&#39;" in text
    assert "<li>Abridged edition, wanted the unabridged one</li>" in text
    assert "86 points out of 100; at least 150 are needed" in text
    assert "lower the confidence floor" in text
    assert "85.68" not in text and "Foundation Sampler" not in text
