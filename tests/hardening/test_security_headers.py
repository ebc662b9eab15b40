"""Every answer carries the security headers; the CSP allows scripts from this origin only."""

from __future__ import annotations

from fastapi.testclient import TestClient

from earmark.api.security_headers import content_security_policy


def test_api_answers_carry_security_headers(client: TestClient) -> None:
    response = client.get("/api/health")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "same-origin"
    policy = response.headers["content-security-policy"]
    assert "script-src 'self' 'unsafe-eval'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]


def test_login_page_and_errors_carry_them_too(client: TestClient) -> None:
    for path in ("/login", "/api/requests", "/no-such-page"):
        response = client.get(path, follow_redirects=False)
        assert response.headers["x-frame-options"] == "DENY", path
        assert "content-security-policy" in response.headers, path


def test_api_docs_keep_their_cdn_scripts(client: TestClient) -> None:
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert "content-security-policy" not in response.headers
    assert response.headers["x-content-type-options"] == "nosniff"


def test_covers_may_come_from_audibles_image_host_only_besides_this_origin() -> None:
    policy = content_security_policy("https://plex.tv", None)
    images = next(p for p in policy.split("; ") if p.startswith("img-src"))
    assert images.split()[1:] == [
        "'self'",
        "data:",
        "https://plex.tv",
        "https://*.plex.tv",
        "https://m.media-amazon.com",
    ]
    stand_in = content_security_policy("http://127.0.0.1:9/", "http://127.0.0.1:7/api")
    assert "img-src 'self' data: http://127.0.0.1:9 http://127.0.0.1:7;" in stand_in
