"""What every DownloadClient must do, run against each client (tests/conformance/conftest.py):
the in-memory fake, and the real qbittorrent-nox, transmission-daemon and deluged (`realparts`).

Earmark's download monitor relies on exactly these answers, so a fake that passes here can stand
in for a real client in fast tests, and a new adapter is done when it passes here too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from earmark.demo.parts.polling import wait_for_removal
from earmark.demo.parts.torrents import file_digests
from earmark.integrations.download_clients import MagnetLink, TorrentFile
from earmark.integrations.errors import AuthFailed, Unreachable
from tests.conformance.download_clients import ClientDriver

CATEGORY = "earmark-conformance"
UNKNOWN_HASH = "0" * 40
WRONG_PASSWORD = "wrong (user name or )?password"  # Deluge's Web UI has no user name
PAYLOAD_BYTES = 300_000


def test_connection_test_succeeds_with_the_right_credentials(driver: ClientDriver) -> None:
    report = driver.client.test()
    assert report.ok, report.message
    assert report.message.startswith("Connected to")
    assert report.details


def test_torrent_file_downloads_to_save_path_and_remove_with_files_deletes_them(
    driver: ClientDriver,
) -> None:
    made = driver.new_torrent()
    driver.before_add(made)
    save_dir = driver.save_dir / "by-file"
    info_hash = driver.client.add(TorrentFile(made.data), CATEGORY, str(save_dir))
    assert info_hash == made.info_hash
    # Adding a torrent that is already there is not an error and changes nothing.
    assert driver.client.add(TorrentFile(made.data), CATEGORY, str(save_dir)) == info_hash

    done = driver.finish(made, by_magnet=False)

    assert done.is_finished and done.state in {"completed", "seeding"}
    assert (done.info_hash, done.name) == (info_hash, made.payload.name)
    assert (done.progress, done.size_bytes) == (1.0, PAYLOAD_BYTES)
    assert done.save_path == str(save_dir)
    assert done.content_path == str(save_dir / made.payload.name)
    assert done.added_at is not None and done.completed_at is not None
    assert file_digests(Path(done.content_path)) == file_digests(made.payload)

    driver.client.remove(info_hash, delete_data=True)
    wait_for_removal(driver.client, info_hash, deleted_path=Path(done.content_path))


def test_magnet_downloads_and_remove_without_files_keeps_them(driver: ClientDriver) -> None:
    made = driver.new_torrent()
    driver.before_add(made)
    save_dir = driver.save_dir / "by-magnet"
    info_hash = driver.client.add(MagnetLink(made.magnet), CATEGORY, str(save_dir))
    assert info_hash == made.info_hash

    done = driver.finish(made, by_magnet=True)

    assert done.name == made.payload.name and done.size_bytes == PAYLOAD_BYTES
    assert done.content_path == str(save_dir / made.payload.name)
    assert file_digests(Path(done.content_path)) == file_digests(made.payload)
    driver.client.remove(info_hash, delete_data=False)
    wait_for_removal(driver.client, info_hash)
    assert Path(done.content_path).is_dir()


def test_unseeded_torrent_reports_stalled_at_zero_progress_under_its_category(
    driver: ClientDriver,
) -> None:
    driver.client.ensure_category(CATEGORY, None)
    driver.client.ensure_category(CATEGORY, None)  # already there: nothing to do, no error
    orphan = driver.new_torrent()  # nobody seeds it
    info_hash = driver.client.add(TorrentFile(orphan.data), CATEGORY, str(driver.save_dir))
    try:
        item = driver.starve(info_hash)

        assert (item.state, item.progress, item.downloaded_bytes) == ("stalled", 0.0, 0)
        assert item.seeders_connected == 0 and not item.is_finished
        assert item.completed_at is None
        assert item.category == CATEGORY
    finally:
        driver.client.remove(info_hash, delete_data=True)


def test_info_hash_lookup_ignores_case_and_answers_lower_case(driver: ClientDriver) -> None:
    made = driver.new_torrent()
    info_hash = driver.client.add(TorrentFile(made.data), CATEGORY, str(driver.save_dir))
    try:
        item = driver.client.info(info_hash.upper())
        assert item is not None and item.info_hash == info_hash == info_hash.lower()
    finally:
        driver.client.remove(info_hash.upper(), delete_data=True)
    wait_for_removal(driver.client, info_hash)


def test_unknown_hash_is_not_listed_and_removing_it_is_fine(driver: ClientDriver) -> None:
    assert driver.client.info(UNKNOWN_HASH) is None
    driver.client.remove(UNKNOWN_HASH, delete_data=True)
    driver.client.remove(UNKNOWN_HASH, delete_data=False)
    assert driver.client.info(UNKNOWN_HASH) is None


def test_wrong_password_is_reported_by_the_test_and_raised_by_calls(
    driver: ClientDriver,
) -> None:
    refused = driver.with_password("not-the-password")

    report = refused.test()

    assert not report.ok and report.details["error"] == "AuthFailed"
    assert re.search(WRONG_PASSWORD, report.message)
    with pytest.raises(AuthFailed, match=WRONG_PASSWORD):
        refused.info(UNKNOWN_HASH)


def test_client_not_running_is_unreachable(driver: ClientDriver) -> None:
    down = driver.unreachable()

    report = down.test()

    assert not report.ok and report.details["error"] == "Unreachable"
    with pytest.raises(Unreachable, match="is it running"):
        down.info(UNKNOWN_HASH)
