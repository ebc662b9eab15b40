"""Put one file into the library without disturbing the seeding original: hardlink, else atomic copy."""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import stat
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

FILE_MODE = 0o664
FOLDER_MODE = 0o775
_COPY_CHUNK_BYTES = 1024 * 1024
# Hardlinks are refused by some filesystems (FAT, some FUSE/NFS mounts) with these errors.
_LINK_UNSUPPORTED = frozenset({errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EACCES})


class TransferMethod(Enum):
    HARDLINK = "hardlink"
    COPY = "copy"
    ALREADY_PRESENT = "already_present"


@dataclass(frozen=True)
class TransferOutcome:
    target: Path
    method: TransferMethod
    warnings: tuple[str, ...] = ()


def same_filesystem(source: Path, folder: Path) -> bool:
    """True when a hardlink from `source` into `folder` is possible in principle."""
    return source.stat().st_dev == folder.stat().st_dev


def prepare_folder(folder: Path) -> list[str]:
    """Create the folder (and parents); a refused chmod is only a warning (network mounts)."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        folder.chmod(FOLDER_MODE)
    except OSError as exc:
        return [f"Could not set permissions on {folder}: {exc.strerror or exc}"]
    return []


def transfer_file(source: Path, target: Path, *, allow_hardlink: bool = True) -> TransferOutcome:
    """Place `source` at `target`; the source is never moved, renamed or modified.

    An existing target that is the same file, or a complete copy of the same size, is kept
    (an interrupted earlier run left a shorter file, which is replaced).
    """
    if _already_present(source, target):
        return TransferOutcome(target, TransferMethod.ALREADY_PRESENT)
    warnings: list[str] = []
    if allow_hardlink and same_filesystem(source, target.parent):
        try:
            _replace_with_link(source, target)
            return TransferOutcome(target, TransferMethod.HARDLINK)
        except OSError as exc:
            if exc.errno not in _LINK_UNSUPPORTED:
                raise
            warnings.append(
                f"Hardlinking {source.name} was refused ({exc.strerror}); copied it instead."
            )
    copy_atomically(source, target)
    warnings += _apply_file_mode(target)
    return TransferOutcome(target, TransferMethod.COPY, tuple(warnings))


def copy_atomically(source: Path, target: Path) -> None:
    """Stream-copy under a temporary name in the target folder, then rename it into place."""
    partial = _partial_name(target)
    try:
        # A plain read/write loop: copy_file_range/sendfile fail with EPERM on some NFS/FUSE mounts.
        with source.open("rb") as reader, partial.open("xb") as writer:
            shutil.copyfileobj(reader, writer, _COPY_CHUNK_BYTES)
            writer.flush()
            os.fsync(writer.fileno())
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _replace_with_link(source: Path, target: Path) -> None:
    partial = _partial_name(target)
    os.link(source, partial, follow_symlinks=False)
    try:
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _already_present(source: Path, target: Path) -> bool:
    try:
        target_status = target.stat(follow_symlinks=False)
    except FileNotFoundError:
        return False
    source_status = source.stat()
    if (target_status.st_dev, target_status.st_ino) == (source_status.st_dev, source_status.st_ino):
        return True
    is_regular_file = stat.S_ISREG(target_status.st_mode)
    return is_regular_file and target_status.st_size == source_status.st_size


def _apply_file_mode(target: Path) -> list[str]:
    try:
        target.chmod(FILE_MODE)
    except OSError as exc:
        return [f"Could not set permissions on {target.name}: {exc.strerror or exc}"]
    return []


def _partial_name(target: Path) -> Path:
    # Hidden and short, so a library scanner ignores it and long names cannot overflow.
    return target.with_name(f".earmark-{secrets.token_hex(6)}.partial")
