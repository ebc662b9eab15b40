"""Re-encrypting every stored secret under a new key (`earmark config rotate-key`)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, MetaData, String, Text, select, update

from earmark.security.crypto import ENVELOPE_PREFIX, KEY_FILE_NAME, Cipher


@dataclass(frozen=True)
class RotationReport:
    values_reencrypted: int
    columns: tuple[str, ...]


def _secret_columns(metadata: MetaData) -> list[tuple[str, str]]:
    """Every text column of every table with an `id` key: any of them may hold an envelope."""
    found: list[tuple[str, str]] = []
    for table in metadata.sorted_tables:
        if "id" not in table.c:
            continue
        for column in table.columns:
            if isinstance(column.type, String | Text) and column.name != "id":
                found.append((table.name, column.name))
    return found


def reencrypt_all(engine: Engine, metadata: MetaData, old: Cipher, new: Cipher) -> RotationReport:
    """Decrypt with `old`, encrypt with `new`, in one transaction: all values or none."""
    count = 0
    touched: set[str] = set()
    with engine.begin() as conn:
        for table_name, column_name in _secret_columns(metadata):
            table = metadata.tables[table_name]
            column = table.c[column_name]
            rows = conn.execute(
                select(table.c.id, column).where(column.like(f"{ENVELOPE_PREFIX}%"))
            ).all()
            for row_id, sealed in rows:
                fresh = new.encrypt(old.decrypt(sealed))
                conn.execute(update(table).where(table.c.id == row_id).values({column_name: fresh}))
                count += 1
                touched.add(f"{table_name}.{column_name}")
    return RotationReport(count, tuple(sorted(touched)))


def stage_key_file(data_dir: Path, key_text: str) -> Path:
    """Write the new key next to the current one (mode 0600); `commit_key_file` swaps it in."""
    staged = data_dir / f"{KEY_FILE_NAME}.new"
    staged.unlink(missing_ok=True)
    fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key_text + "\n")
    return staged


def commit_key_file(staged: Path) -> None:
    staged.replace(staged.with_name(KEY_FILE_NAME))
