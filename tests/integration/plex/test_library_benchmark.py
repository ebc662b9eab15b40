"""The library benchmark runs end to end at small scale and its matches are the right ones.

Timing is the benchmark's business (bench/library_matching.py, docs/performance.md); this only
proves the script still works and that a scan through the real client matches every kind of
evidence it seeds, so a broken benchmark cannot report a fast but meaningless number.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_library_benchmark_small_run_matches_each_kind_of_evidence(database_url: str) -> None:
    command = [
        sys.executable,
        "bench/library_matching.py",
        "--items",
        "400",
        "--requests",
        "40",
        "--database-url",
        database_url,
    ]
    done = subprocess.run(
        command, check=False, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["items"] == 400
    # A quarter of the requests has no book in the library; the rest match one rule each.
    assert result["matched"] == 30
    assert result["matched_by"] == {"asin": 10, "file_path": 10, "title_author": 10}
    assert (result["rescan_updated"], result["rescan_unchanged"]) == (0, 400)
    assert result["peak_rss_mb"] > 0
