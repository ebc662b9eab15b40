"""The ebook companion on the request page and request cards: its status beside the audiobook's,
and "Also get the ebook" only while the feature is on."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from earmark.db.engine import transaction
from earmark.ebooks.models import EbookCompanion
from earmark.ebooks.states import EbookStatus
from earmark.requests.states import RequestStatus
from earmark.wiring import Services
from tests.api.web.conftest import SignIn
from tests.api.web.seed import add_request, add_user


def _companion(services: Services, request_id: uuid.UUID, **values: object) -> None:
    with transaction(services.sessions) as session:
        session.add(EbookCompanion(request_id=request_id, **values))


def test_a_downloading_ebook_shows_its_percentage_on_the_page_and_the_card(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    reader = add_user(services, "reader")
    request_id = add_request(services, reader, "Foundation", RequestStatus.DOWNLOADING, progress=10)
    _companion(services, request_id, status=EbookStatus.DOWNLOADING, progress=40,
               release_title="Isaac Asimov - Foundation [EPUB]")  # fmt: skip
    sign_in(reader)
    page = client.get(f"/requests/{request_id}").text
    assert 'data-testid="ebook-status">Ebook: downloading 40%<' in page
    assert "Isaac Asimov - Foundation [EPUB]" in page
    assert 'data-testid="ask-ebook"' not in page  # already on its way
    cards = client.get("/requests").text
    assert 'data-testid="card-ebook">Ebook: downloading 40%<' in cards


def test_a_ready_ebook_shows_its_file(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    reader = add_user(services, "reader")
    request_id = add_request(services, reader, "Foundation", RequestStatus.AVAILABLE)
    path = "/library/Isaac Asimov/Foundation/Foundation.epub"
    _companion(services, request_id, status=EbookStatus.READY, progress=100, file_path=path)
    sign_in(reader)
    page = client.get(f"/requests/{request_id}").text
    assert "Ebook: ready" in page and path in page


def test_not_found_offers_another_search_while_the_feature_is_on(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    services.config.set_many({"ebooks.enabled": True})
    reader = add_user(services, "reader")
    request_id = add_request(services, reader, "Foundation", RequestStatus.AVAILABLE)
    _companion(services, request_id, status=EbookStatus.NOT_FOUND,
               error_message="No acceptable ebook: best was 'x': author not found")  # fmt: skip
    sign_in(reader)
    page = client.get(f"/requests/{request_id}").text
    assert "Ebook: not found" in page and "author not found" in page
    assert "Search for the ebook again" in page


def test_also_get_the_ebook_is_offered_only_while_the_feature_is_on(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    reader = add_user(services, "reader")
    request_id = add_request(services, reader, "Foundation", RequestStatus.AWAITING_SEARCH)
    sign_in(reader)
    assert 'data-testid="ebook-panel"' not in client.get(f"/requests/{request_id}").text
    services.config.set_many({"ebooks.enabled": True})
    page = client.get(f"/requests/{request_id}").text
    assert 'data-testid="ebook-panel"' in page and "Also get the ebook" in page


def test_the_ebooks_settings_tab_lists_its_settings(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    sign_in(add_user(services, "boss", "admin"))
    page = client.get("/admin/settings?tab=ebooks")
    assert page.status_code == 200
    for title in ("Ebook companions are on", "Preferred ebook formats", "Where ebooks go",
                  "Ebook library folder", "Ebook categories"):  # fmt: skip
        assert title in page.text
    assert 'aria-current="page">Ebooks<' in page.text
    assert "In the audiobook&#39;s folder" in page.text or "In the audiobook's folder" in page.text
