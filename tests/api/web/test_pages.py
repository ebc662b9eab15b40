"""Page routes over TestClient: redirects, access levels, rendered data and escaping."""

from __future__ import annotations

from html import escape

from fastapi.testclient import TestClient

from earmark.integrations.products import products
from earmark.wiring import Services
from tests.api.web.conftest import SignIn
from tests.api.web.seed import add_books, add_job_events, add_request, add_user


def test_pages_signed_out_redirect_to_login_with_return_path(
    client: TestClient, services: Services
) -> None:
    add_user(services, "admin", "admin", local_admin=True)
    for path in ("/", "/requests", "/admin", "/admin/logs?level=error"):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 303
        assert answer.headers["location"].startswith("/login?redirect=/")
    assert client.get("/admin/logs?level=error", follow_redirects=False).headers["location"] == (
        "/login?redirect=/admin/logs%3Flevel%3Derror"
    )


def test_htmx_partial_signed_out_answers_hx_redirect(client: TestClient) -> None:
    answer = client.get(
        "/partials/requests", headers={"HX-Request": "true"}, follow_redirects=False
    )
    assert answer.status_code == 204
    assert answer.headers["HX-Redirect"].startswith("/login?redirect=")


def test_api_signed_out_still_answers_json(client: TestClient) -> None:
    answer = client.get("/api/requests")
    assert answer.status_code == 401
    assert answer.json()["error"] == "Unauthorized"


def test_login_without_any_admin_redirects_to_setup(client: TestClient) -> None:
    answer = client.get("/login", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/setup"


def test_login_with_local_admin_shows_both_sign_in_forms(
    client: TestClient, services: Services
) -> None:
    add_user(services, "admin", "admin", local_admin=True)
    page = client.get("/login?redirect=//evil.example/")
    assert page.status_code == 200
    assert 'data-testid="local-login"' in page.text
    assert "Sign in with Plex" in page.text
    assert "evil.example" not in page.text


def test_login_signed_in_goes_to_redirect_target(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    sign_in(add_user(services, "reader"))
    answer = client.get("/login?redirect=/requests", follow_redirects=False)
    assert answer.headers["location"] == "/requests"


def test_home_signed_in_lists_popular_books_with_request_state(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    reader = add_user(services, "reader")
    asins = add_books(services, 3)
    add_request(
        services, reader, "The Loopback Chronicles 1", "downloading", progress=40, asin=asins[0]
    )
    sign_in(reader)
    page = client.get("/")
    assert page.status_code == 200
    assert "The Loopback Chronicles 2" in page.text
    assert f"/api/covers/{asins[1]}" in page.text
    assert '"requested_by_you", "downloading"' in page.text


def test_requests_page_shows_badge_progress_and_reason(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    reader = add_user(services, "reader")
    add_request(services, reader, "Progressing Book", "downloading", progress=42)
    add_request(
        services,
        reader,
        "Broken Book",
        "warn",
        error="Import failed: the audio is 20 minutes short.",
    )
    sign_in(reader)
    page = client.get("/requests").text
    assert 'data-status="downloading"' in page and 'aria-valuenow="42"' in page
    assert "Import failed: the audio is 20 minutes short." in page
    failed_tab = client.get("/partials/requests?tab=failed").text
    assert "Broken Book" in failed_tab and "Progressing Book" not in failed_tab


def test_requests_page_escapes_book_titles(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    reader = add_user(services, "reader")
    add_request(services, reader, "<script>alert(1)</script>", "pending")
    sign_in(reader)
    page = client.get("/requests").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_admin_pages_for_plain_user_redirect_home(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    sign_in(add_user(services, "reader"))
    for path in (
        "/admin",
        "/admin/users",
        "/admin/jobs",
        "/admin/logs",
        "/admin/settings",
        "/admin/doctor",
    ):
        answer = client.get(path, follow_redirects=False)
        assert (answer.status_code, answer.headers["location"]) == (303, "/")


def test_admin_dashboard_counts_and_attention_list(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    admin = add_user(services, "boss", "admin")
    add_request(services, admin, "Stuck Book", "failed", error="No release scored above 50.")
    add_request(services, admin, "Fine Book", "available")
    sign_in(admin)
    page = client.get("/admin").text
    assert "No release scored above 50." in page
    assert "Stuck Book" in page and "Retry search" in page


def test_admin_logs_filter_by_level_and_paginates(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    admin = add_user(services, "boss", "admin")
    reader = add_user(services, "reader")
    add_job_events(services, add_request(services, reader, "Logged Book", "failed"), 120)
    sign_in(admin)
    everything = client.get("/partials/admin/logs").text
    assert "120 events" in everything and "Page 1 of 3" in everything
    assert "Logged Book" in everything
    errors = client.get("/partials/admin/logs?level=error").text
    assert "40 events match the filters" in errors
    assert "(info)" not in errors and "(error)" in errors
    text = client.get("/partials/admin/logs?text=number%207%20(").text
    assert "1 event matches the filters" in text


def test_admin_settings_never_shows_secret_values(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    services.config.set_many(
        {
            "indexer.prowlarr_api_key": "very-secret-key",
            "indexer.prowlarr_url": "http://prowlarr.test:9696",
        }
    )
    sign_in(add_user(services, "boss", "admin"))
    page = client.get("/admin/settings?tab=indexer").text
    assert "http://prowlarr.test:9696" in page
    assert "very-secret-key" not in page
    assert "stored; leave empty to keep" in page


def test_setup_page_after_completion_redirects_to_settings(
    client: TestClient, services: Services
) -> None:
    assert "Create the admin account" in client.get("/setup").text
    services.config.set("setup.completed", True)
    assert client.get("/setup", follow_redirects=False).headers["location"] == "/admin/settings"


def test_setup_and_settings_forms_come_from_the_product_registry(
    client: TestClient, services: Services, sign_in: SignIn
) -> None:
    wizard = client.get("/setup").text
    for product in (*products("download_client"), *products("llm")):
        assert f'<option value="{product.name}">{escape(product.title)}</option>' in wizard
    for product in products("download_client"):  # each with its own connection fields
        for key in product.connection.model_fields:
            assert f'data-setting="{product.connection.key_of(key)}"' in wizard
    sign_in(add_user(services, "boss", "admin"))
    ranking = client.get("/admin/settings?tab=ranking").text
    assert 'min="0" max="100" step="1"' in ranking and "(points)" in ranking
    clients = client.get("/admin/settings?tab=download_client").text
    assert '<option value="transmission" >Transmission</option>' in clients


def test_every_page_names_its_icon_and_the_icon_is_served(client: TestClient) -> None:
    page = client.get("/setup")
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page.text
    icon = client.get("/static/favicon.svg")
    assert icon.status_code == 200
    assert icon.headers["content-type"].startswith("image/svg+xml")
    assert icon.text.startswith("<svg")
