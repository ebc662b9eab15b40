"""Runs every benchmark in this folder, one process each, and prints their JSON together."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from support import python_loop_seconds

BENCH_DIR = Path(__file__).resolve().parent
BENCHMARKS = [
    "jobs_throughput",
    "ranking",
    "library_matching",
    "api_load",
    "memory",
    "scale_out",
]


def machine() -> dict[str, Any]:
    cpu_model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kib = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu_model,
        "memory_gib": round(mem_kib / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
    }


def run_benchmark(name: str) -> Any:
    completed = subprocess.run(
        [sys.executable, str(BENCH_DIR / f"{name}.py")],
        check=False,
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        return {"error": f"exit {completed.returncode}: {completed.stderr.strip()[-2000:]}"}
    try:
        return json.loads(completed.stdout)
    except json.JSONDecodeError:
        return {"error": "the benchmark did not print JSON", "output": completed.stdout[-2000:]}


def main() -> None:
    selected = sys.argv[1:] or BENCHMARKS
    results: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        # Calibration: the same fixed Python loop before and after; compare runs next to it.
        "python_loop_seconds_before": python_loop_seconds(),
        "load_average_before": os.getloadavg(),
    }
    for name in selected:
        started = datetime.now(UTC)
        results[name] = run_benchmark(name)
        print(f"{name}: {(datetime.now(UTC) - started).total_seconds():.0f} s", file=sys.stderr)
    results["python_loop_seconds_after"] = python_loop_seconds()
    results["load_average_after"] = os.getloadavg()
    json.dump(results, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
