"""The data folder, database, its WAL files and the key file are readable by Earmark's user only."""

from __future__ import annotations

import stat
from pathlib import Path

from earmark.settings import BootSettings
from earmark.wiring import build_services, push


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_data_folder_and_sqlite_files_are_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    services = build_services(BootSettings(data_dir=data))
    try:
        push(services)
        services.config.set("system.audible_region", "uk")
        assert _mode(data) == 0o700
        for name in ("earmark.db", "earmark.db-wal", "earmark.db-shm", "encryption.key"):
            assert (data / name).exists(), name
            assert _mode(data / name) == 0o600, name
    finally:
        services.close()


def test_existing_world_readable_files_are_tightened_at_start(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    database = data / "earmark.db"
    database.touch()
    database.chmod(0o644)
    services = build_services(BootSettings(data_dir=data))
    services.close()
    assert (_mode(data), _mode(database)) == (0o700, 0o600)
