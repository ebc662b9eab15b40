"""`earmark doctor` on a real database: the key check, and folder checks read from the settings."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from markupsafe import escape
from typer.testing import CliRunner

from earmark.cli import app as cli
from earmark.doctor import Outcome, run_doctor
from earmark.security.crypto import generate_key_text
from earmark.settings import BootSettings
from earmark.wiring import Services, build_services
from tests.harness.receivers import free_port
from tests.support import make_user


def _by_check(services: Services) -> dict[str, Outcome]:
    return {finding.check: finding.outcome for finding in run_doctor(services)}


def test_doctor_reads_the_paths_and_mapping_from_the_settings(
    services: Services, tmp_path: Path
) -> None:
    (tmp_path / "torrents").mkdir()
    (tmp_path / "media").mkdir()
    services.config.set_many(
        {
            "paths.downloads": "/data/torrents",
            "paths.media": str(tmp_path / "media"),
            "download_client.remote_path": "/data",
            "download_client.local_path": str(tmp_path / "elsewhere"),
        }
    )
    outcomes = _by_check(services)
    assert outcomes["download folder"] is Outcome.FAIL
    assert outcomes["Prowlarr"] is Outcome.SKIPPED

    services.config.set("download_client.local_path", str(tmp_path))
    outcomes = _by_check(services)
    assert outcomes["download folder"] is Outcome.OK
    assert outcomes["hardlinks"] is Outcome.OK


def test_a_chosen_usenet_client_and_the_media_server_are_checked_by_their_own_names(
    services: Services,
) -> None:
    assert "SABnzbd" not in _by_check(services)  # no usenet client chosen: not listed at all
    services.config.set_many(
        {
            "usenet_client.type": "sabnzbd",
            "usenet_client.sabnzbd_url": f"http://127.0.0.1:{free_port()}",
            "usenet_client.sabnzbd_api_key": "key-of-a-sabnzbd-that-is-down",
            "media_server.kind": "audiobookshelf",
        }
    )
    findings = {f.check: f for f in run_doctor(services)}
    sabnzbd = findings["SABnzbd"]
    assert sabnzbd.outcome is Outcome.FAIL
    assert "SABnzbd" in sabnzbd.fix and "key-of-a-sabnzbd-that-is-down" not in sabnzbd.message
    assert findings["Audiobookshelf"].outcome is Outcome.SKIPPED
    assert "Plex" not in findings


def test_a_changed_encryption_key_is_caught_before_anything_reads_the_settings(
    services: Services, boot_settings: BootSettings
) -> None:
    services.config.set("indexer.prowlarr_api_key", "stored-under-the-first-key")
    other = build_services(boot_settings.model_copy(update={"encryption_key": generate_key_text()}))
    try:
        findings = run_doctor(other)
    finally:
        other.close()
    assert [f.check for f in findings] == ["encryption key"]
    assert findings[0].outcome is Outcome.FAIL
    assert "indexer.prowlarr_api_key" in findings[0].message
    assert "EARMARK_ENCRYPTION_KEY" in findings[0].fix


def test_the_doctor_command_prints_each_finding_with_its_fix_and_fails(
    services: Services, boot_settings: BootSettings, tmp_path: Path
) -> None:
    services.config.set_many(
        {
            "paths.downloads": "/downloads/audiobooks",
            "paths.media": str(tmp_path),
            "download_client.remote_path": "/downloads",
            "download_client.local_path": str(tmp_path / "not-mounted"),
        }
    )
    env = {
        "EARMARK_DATA_DIR": str(boot_settings.data_dir),
        "EARMARK_DATABASE_URL": boot_settings.resolved_database_url,
    }
    result = CliRunner().invoke(cli, ["doctor"], env=env)
    assert result.exit_code == 1, result.output
    assert "[FAIL] download folder: The client saves into /downloads/audiobooks" in result.output
    assert f"{tmp_path / 'not-mounted' / 'audiobooks'}, which does not exist" in result.output
    assert "fix: Set the mapping's Earmark path" in result.output
    assert "[ok] encryption key" in result.output


def test_the_admin_api_returns_the_same_findings(
    client: TestClient, services: Services, tmp_path: Path
) -> None:
    admin = make_user(services, client.app, "doctor-admin", role="admin")  # type: ignore[arg-type]
    services.config.set_many(
        {"paths.downloads": str(tmp_path / "missing"), "paths.media": str(tmp_path)}
    )
    answer = client.get("/api/admin/doctor", headers=admin.headers)
    assert answer.status_code == 200
    body = answer.json()
    assert body["ok"] is False
    by_check = {f["check"]: f for f in body["findings"]}
    assert by_check["download folder"]["outcome"] == "fail"
    assert str(tmp_path / "missing") in by_check["download folder"]["message"]
    assert by_check["download folder"]["fix"]


def test_the_admin_page_shows_each_finding_and_what_to_change(
    client: TestClient, services: Services, tmp_path: Path
) -> None:
    admin = make_user(services, client.app, "doctor-page-admin", role="admin")  # type: ignore[arg-type]
    services.config.set_many(
        {"paths.downloads": str(tmp_path / "missing"), "paths.media": str(tmp_path)}
    )
    page = client.get("/admin/doctor", headers=admin.headers)
    assert page.status_code == 200
    assert 'hx-get="/partials/admin/doctor"' in page.text
    assert 'data-testid="doctor-rerun"' in page.text
    findings = client.get("/partials/admin/doctor", headers=admin.headers)
    assert findings.status_code == 200
    assert 'data-check="download folder" data-outcome="fail"' in findings.text
    for finding in run_doctor(services):
        assert escape(finding.message) in findings.text
        if finding.fix:
            assert f"<strong>What to change:</strong> {escape(finding.fix)}" in findings.text
