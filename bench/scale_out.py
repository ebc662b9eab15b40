"""Benchmark: web processes on PostgreSQL (`earmark serve --workers N`, beside one `earmark worker`).

For N = 1, 2, 4 web processes, with the access log on and off: requests/s, p99 and the server
processes' CPU milliseconds per request at BENCH_SCALE_CLIENTS clients (wrk) on the request list
and the health check, and the resident memory of every process (idle, and peak under load).
N = 1 is `earmark serve --no-worker` (one process, no supervisor); N > 1 is `--workers N`
(a supervisor plus N web processes). The log level is INFO in every run: 'access log on' is
uvicorn's line per request (to /dev/null here, so the cost of a slow log sink is not counted).
Prints JSON; needs wrk and a PostgreSQL server (EARMARK_BENCH_PG_URL).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import httpx
from api_load import run_wrk, seed

from earmark.security.crypto import generate_key_text
from support import (
    compile_bytecode,
    free_port,
    process_cpu_seconds,
    python_loop_seconds,
    scratch_postgres_database,
)

PROCESSES = [int(n) for n in os.environ.get("BENCH_SCALE_PROCESSES", "1,2,4").split(",")]
CLIENTS = int(os.environ.get("BENCH_SCALE_CLIENTS", "16"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
SETTLE_SECONDS = float(os.environ.get("BENCH_SETTLE_SECONDS", "3"))
ENDPOINTS = {"requests": "/api/requests", "health": "/api/health"}
EARMARK = Path(sys.executable).with_name("earmark")


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _tree(pid: int) -> list[int]:
    """The process and its descendants (the supervisor's web processes)."""
    found = [pid]
    with suppress(FileNotFoundError):  # a process that ended meanwhile
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                found.extend(_tree(int(child)))
    return found


def _total_rss(pid: int) -> float:
    total = 0.0
    for member in _tree(pid):
        with suppress(FileNotFoundError):
            total += _rss_mib(member)
    return round(total, 1)


def _total_cpu(pid: int) -> float:
    total = 0.0
    for member in _tree(pid):
        with suppress(FileNotFoundError):
            total += process_cpu_seconds(member)
    return total


@contextmanager
def _started(command: list[str], env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_healthy(url: str, process: subprocess.Popen[bytes], processes: int) -> None:
    """Healthy, and (N > 1) every web process started: the supervisor has N children."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"earmark serve exited with code {process.returncode}")
        try:
            ready = httpx.get(url + "/api/health", timeout=2).status_code == 200
        except httpx.TransportError:
            ready = False
        # N > 1: the supervisor, multiprocessing's resource tracker and N web processes.
        if ready and (processes == 1 or len(_tree(process.pid)) >= processes + 2):
            time.sleep(SETTLE_SECONDS)  # the last web process may still be in its start-up
            return
        time.sleep(0.1)
    raise RuntimeError("earmark serve did not become healthy in time")


def _measure(env: dict[str, str], token: str, processes: int, access_log: bool) -> dict[str, Any]:
    port = free_port()
    command = [str(EARMARK), "serve", "--port", str(port)]
    command += ["--workers", str(processes)] if processes > 1 else ["--no-worker"]
    command += [] if access_log else ["--no-access-log"]
    url = f"http://127.0.0.1:{port}"
    with _started(command, env) as server:
        _wait_healthy(url, server, processes)
        idle = _total_rss(server.pid)
        by_process = [round(_rss_mib(pid), 1) for pid in _tree(server.pid)]
        samples: list[float] = []
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                samples.append(_total_rss(server.pid))
                time.sleep(0.1)

        sampler = threading.Thread(target=sample)
        sampler.start()
        points = {}
        try:
            for name, path in ENDPOINTS.items():
                cpu_before = _total_cpu(server.pid)
                point = run_wrk(url + path, CLIENTS, SECONDS, token)
                used = _total_cpu(server.pid) - cpu_before
                if point["requests"]:
                    point["server_cpu_ms_per_request"] = round(used * 1000 / point["requests"], 2)
                points[name] = point
        finally:
            done.set()
            sampler.join()
        return {
            "web_processes": processes,
            "access_log": access_log,
            "idle_rss_mib_all_processes": idle,
            "idle_rss_mib_by_process": by_process,
            "peak_rss_mib_all_processes": max(samples, default=idle),
            **points,
        }


def measure(url: str) -> dict[str, Any]:
    key_text = generate_key_text()
    token = seed(url, key_text).bearer_token
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "EARMARK_DATA_DIR": folder,
            "EARMARK_DATABASE_URL": url,
            "EARMARK_ENCRYPTION_KEY": key_text,
            "EARMARK_LOG_LEVEL": "INFO",
        }
        with _started([str(EARMARK), "worker"], env) as worker:
            time.sleep(3)
            for processes in PROCESSES:
                for access_log in (False, True):
                    results.append(_measure(env, token, processes, access_log))
            worker_rss = round(_rss_mib(worker.pid), 1)
    return {
        "clients": CLIENTS,
        "seconds_per_point": SECONDS,
        "worker_rss_mib": worker_rss,
        "runs": results,
    }


def main() -> None:
    compile_bytecode()
    with scratch_postgres_database() as url:
        result = measure(url)
    result["python_loop_seconds"] = python_loop_seconds()
    result["load_average"] = os.getloadavg()
    json.dump(result, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
