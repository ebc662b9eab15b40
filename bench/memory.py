"""Benchmark: resident memory of the embedded `earmark serve` idle and under load, cold start; JSON."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from api_load import (
    CONCURRENCY,
    ENDPOINTS,
    SECONDS_PER_RUN,
    RunningServer,
    run_wrk,
    running_server,
    seed,
)

from earmark.security.crypto import generate_key_text
from support import compile_bytecode, python_loop_seconds

SETTLE_SECONDS = float(os.environ.get("BENCH_SETTLE_SECONDS", "3"))
COLD_STARTS = int(os.environ.get("BENCH_COLD_STARTS", "3"))


def rss_mib(pid: int) -> float:
    """VmRSS of a process from /proc, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise RuntimeError(f"no VmRSS for process {pid}")


def peak_rss_during(server: RunningServer, token: str) -> dict[str, Any]:
    """Highest RSS sampled every 50 ms while every endpoint is loaded at the top concurrency."""
    samples: list[float] = []
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            samples.append(rss_mib(server.process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    concurrency = max(CONCURRENCY)
    try:
        for path in ENDPOINTS.values():
            run_wrk(server.base_url + path, concurrency, SECONDS_PER_RUN, token)
    finally:
        done.set()
        sampler.join()
    return {"concurrency": concurrency, "peak_rss_mib": max(samples), "samples": len(samples)}


def cold_start(database_url: str, key_text: str) -> tuple[float, float]:
    """Process launch to the first 200 from /api/health (includes the schema check at start-up):
    wall seconds, and the CPU seconds the server used until then (steadier on a busy host)."""
    with (
        tempfile.TemporaryDirectory() as folder,
        running_server(Path(folder), database_url, key_text) as server,
    ):
        return round(server.healthy_after_seconds, 3), round(server.cpu_seconds_when_healthy, 3)


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def measure(folder: Path) -> dict[str, Any]:
    key_text = generate_key_text()
    empty_url = f"sqlite:///{folder / 'empty.db'}"
    first_boot, first_boot_cpu = cold_start(empty_url, key_text)
    seeded_url = f"sqlite:///{folder / 'seeded.db'}"
    seeded = seed(seeded_url, key_text)
    restarts = [cold_start(seeded_url, key_text) for _ in range(COLD_STARTS)]
    with running_server(folder / "data", seeded_url, key_text) as server:
        time.sleep(SETTLE_SECONDS)
        idle = rss_mib(server.process.pid)
        loaded = peak_rss_during(server, seeded.bearer_token)
        time.sleep(SETTLE_SECONDS)
        after = rss_mib(server.process.pid)
    return {
        "database": "sqlite",
        "python_loop_seconds": python_loop_seconds(),
        "cold_start_empty_database_seconds": first_boot,
        "cold_start_empty_database_cpu_seconds": first_boot_cpu,
        "cold_start_seeded_database_seconds": _median([wall for wall, _ in restarts]),
        "cold_start_seeded_database_cpu_seconds": _median([cpu for _, cpu in restarts]),
        "cold_starts_seeded": [list(start) for start in restarts],
        "rss_idle_mib": idle,
        "under_load": loaded,
        "rss_after_load_mib": after,
    }


def main() -> None:
    compile_bytecode()
    with tempfile.TemporaryDirectory() as folder:
        json.dump(measure(Path(folder)), sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
