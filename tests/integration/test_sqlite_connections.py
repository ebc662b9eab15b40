"""Every SQLite connection of the pool is set up the same way (WAL, foreign keys, page cache)."""

from __future__ import annotations

from pathlib import Path

from earmark.db.engine import SQLITE_PAGE_CACHE_KIB, build_engine


def test_sqlite_connections_use_wal_foreign_keys_and_a_small_page_cache(tmp_path: Path) -> None:
    engine = build_engine(f"sqlite:///{tmp_path / 'earmark.db'}")
    try:
        with engine.connect() as first, engine.connect() as second:
            for connection in (first, second):
                pragma = connection.exec_driver_sql
                assert pragma("PRAGMA journal_mode").scalar() == "wal"
                assert pragma("PRAGMA synchronous").scalar() == 1  # NORMAL
                assert pragma("PRAGMA foreign_keys").scalar() == 1
                # A negative size is KiB (SQLite's docs, "PRAGMA cache_size").
                assert pragma("PRAGMA cache_size").scalar() == -SQLITE_PAGE_CACHE_KIB
    finally:
        engine.dispose()
