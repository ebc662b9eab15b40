"""How fast a new book folder shows up in a real Audiobookshelf: library scan vs its file watcher.

    python bench/audiobookshelf_rescan.py [--repeat 3]

Starts the test build of Audiobookshelf 2.36.0 (scripts/setup-audiobookshelf.sh) with a library
of --books books, then for each round writes a new book folder and measures the seconds until
the library lists it: once by asking for a library scan (`POST /api/libraries/<id>/scan`, what
Earmark does after an import), once by waiting for the watcher alone. Prints JSON (medians and
every round). Results are in docs/audiobookshelf.md. Run inside `scripts/loopback-only.sh`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.harness.audio import make_audiobook
from tests.harness.audiobookshelf import AudiobookshelfDaemon
from tests.harness.polling import wait_until


def _listed(server: AudiobookshelfDaemon, folder: Path) -> bool:
    return any(item["path"] == str(folder) for item in server.items())


def _new_book(server: AudiobookshelfDaemon, name: str) -> Path:
    folder = server.library_folder / "Bench Author" / name
    make_audiobook(folder, title=name, author="Bench Author", duration_seconds=2)
    return folder


def measure(server: AudiobookshelfDaemon, name: str, scan: bool) -> float:
    folder = _new_book(server, name)
    started = time.monotonic()
    if scan:
        server.request("POST", f"/api/libraries/{server.library_id}/scan", expect_json=False)
    wait_until(lambda: _listed(server, folder), 120, f"{folder} never listed", interval=0.1)
    seconds = time.monotonic() - started
    server.wait_idle()  # let the watcher's own pass finish before the next round
    return round(seconds, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--books", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="earmark-abs-bench-") as scratch:
        workdir = Path(scratch)
        library = workdir / "library"
        for number in range(args.books):
            name = f"Existing Book {number}"
            make_audiobook(
                library / "Bench Author" / name,
                title=name,
                author="Bench Author",
                duration_seconds=2,
            )
        with AudiobookshelfDaemon(workdir, library) as server:
            server.scan(timeout_seconds=600)
            rounds: dict[str, list[float]] = {"library_scan": [], "watcher_only": []}
            for round_number in range(args.repeat):
                rounds["library_scan"].append(measure(server, f"Scanned {round_number}", True))
                rounds["watcher_only"].append(measure(server, f"Watched {round_number}", False))
    print(
        json.dumps(
            {
                "benchmark": "audiobookshelf_rescan",
                "library_books": args.books,
                "median_seconds": {k: statistics.median(v) for k, v in rounds.items()},
                "rounds": rounds,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
