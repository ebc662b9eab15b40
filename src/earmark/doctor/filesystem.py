"""Checks of folders as Earmark sees them: the client's save path, hardlinks, free space."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from earmark.doctor.findings import Finding, Outcome
from earmark.downloads.paths import PathMapping, is_within, map_to_local

# Below this, a few audiobooks (1-2 GB each, plus the seeding copy) no longer fit.
LOW_DISK_BYTES = 10 * 1024**3
_GIB = 1024**3


def _mapping_words(mapping: PathMapping | None) -> str:
    if mapping is None:
        return "no path mapping: Earmark uses the client's paths as they are"
    return f"the path mapping {mapping.remote} → {mapping.local}"


def check_download_folder(save_path: str, mapping: PathMapping | None) -> Finding:
    """The client's save path, mapped to Earmark's view, is a folder Earmark can read."""
    name = "download folder"
    if not save_path:
        return Finding(
            name,
            Outcome.FAIL,
            "No download folder is set, so Earmark cannot know where the client saves books.",
            "Set Admin → Settings → Paths → downloads to the folder the client saves into "
            "(as the client sees it).",
        )
    if mapping is not None and not is_within(save_path, mapping.remote):
        return Finding(
            name,
            Outcome.FAIL,
            f"The client saves into {save_path}, which is not inside the mapping's client path "
            f"{mapping.remote}, so the mapping does not apply and Earmark looks in {save_path}.",
            "Make the mapping's client path a folder that contains the download folder "
            "(Admin → Settings → Download client → path mapping).",
        )
    local = Path(map_to_local(mapping, save_path))
    if not local.is_dir():
        return Finding(
            name,
            Outcome.FAIL,
            f"The client saves into {save_path}; with {_mapping_words(mapping)}, Earmark looks "
            f"for it at {local}, which does not exist here.",
            "Set the mapping's Earmark path to where that folder is mounted for Earmark "
            "(Admin → Settings → Download client → path mapping), or mount it at "
            f"{local}.",
        )
    if not os.access(local, os.R_OK | os.X_OK):
        return Finding(
            name,
            Outcome.FAIL,
            f"Earmark finds the download folder at {local} but may not read it.",
            "Give Earmark's user (PUID/PGID in a container) read access to that folder.",
        )
    return Finding(
        name,
        Outcome.OK,
        f"The client saves into {save_path}; Earmark reads it at {local} "
        f"with {_mapping_words(mapping)}.",
    )


def check_hardlinks(downloads: Path, library: Path) -> Finding:
    """Downloads and library on one filesystem: imports are hardlinks, tried for real."""
    name = "hardlinks"
    for label, folder in (("download", downloads), ("library", library)):
        if not folder.is_dir():
            return Finding(
                name,
                Outcome.FAIL,
                f"The {label} folder {folder} does not exist here.",
                f"Create {folder} or set the right {label} folder in Admin → Settings → Paths.",
            )
    if downloads.stat().st_dev != library.stat().st_dev:
        return Finding(
            name,
            Outcome.WARN,
            f"The download folder {downloads} and the library {library} are on different "
            "filesystems, so every import is a full copy (twice the disk space, slower).",
            "Put both under one mount (e.g. one /data volume holding torrents/ and media/) "
            "and point the client and Earmark at folders inside it.",
        )
    try:
        with tempfile.NamedTemporaryFile(dir=downloads, prefix=".earmark-doctor-") as source:
            target = library / Path(source.name).name
            os.link(source.name, target)
            target.unlink()
    except OSError as exc:
        return Finding(
            name,
            Outcome.WARN,
            f"A test hardlink from {downloads} into {library} failed ({exc.strerror}), so "
            "imports will be copies.",
            "Give Earmark's user write access to both folders, and use a filesystem that "
            "supports hardlinks (not a network share mounted without them).",
        )
    return Finding(
        name, Outcome.OK, f"{downloads} and {library} share a filesystem; a test hardlink worked."
    )


def check_free_space(folders: dict[str, Path], minimum_bytes: int = LOW_DISK_BYTES) -> Finding:
    name = "disk space"
    low = []
    seen: set[int] = set()
    for label, folder in folders.items():
        if not folder.is_dir():
            continue
        device = folder.stat().st_dev
        if device in seen:
            continue
        seen.add(device)
        free = shutil.disk_usage(folder).free
        if free < minimum_bytes:
            low.append(f"{label} ({folder}): {free / _GIB:.1f} GiB free")
    if low:
        return Finding(
            name,
            Outcome.WARN,
            "Little free space: " + "; ".join(low) + ".",
            f"Free at least {minimum_bytes / _GIB:.0f} GiB, or move the folder to a larger disk.",
        )
    return Finding(name, Outcome.OK, "Enough free space on every folder Earmark writes to.")
