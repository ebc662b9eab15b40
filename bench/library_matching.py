"""Benchmark: full scan of a 50,000-item fake Plex library, then matching 1,000 open requests.

The target (issue 8) is scan + match under 5 s on a 2-core machine; a second scan of the
unchanged library (the scheduled case) is reported beside it.

Prints JSON with wall seconds per phase, this process's CPU seconds, and its peak resident
memory (the fake Plex server runs in a child process so its memory and CPU are not counted).
Usage: python bench/library_matching.py [--items 50000] [--requests 1000] [--repeat N]
       [--database-url URL | --postgresql]
With --repeat N, N runs in new processes; the median run is reported, with every run's total.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

import httpx

from earmark.core.events import NullEventLog
from earmark.core.heap import settle_after_startup
from earmark.db.engine import transaction
from earmark.integrations.media_servers import ServerLibrary
from earmark.integrations.media_servers.plex.client import PlexMediaServer
from earmark.integrations.media_servers.plex.settings import PlexServerSettings
from earmark.library.scan import match_open_requests, scan_library
from earmark.requests.models import Audiobook, Request
from earmark.settings import BootSettings
from earmark.users.models import User
from earmark.wiring import Services, build_services, push
from support import free_port, python_loop_seconds, scratch_postgres_database

TOKEN = "bench-token"
LIBRARY = ServerLibrary(library_id="1")  # the fake serves one section, "1"
ROOT = Path(__file__).resolve().parent.parent


def start_fake(items: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "earmark.demo.fakes.plex_server",
        "--synthetic",
        str(items),
        "--port",
        str(port),
        "--token",
        TOKEN,
    ]
    process = subprocess.Popen(command, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/identity", headers={"X-Plex-Token": TOKEN}).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the fake Plex server did not start")


def wanted_book(number: int, kind: int) -> Audiobook:
    """Mirrors the fake's synthetic album `number`; kind picks which evidence can match it."""
    author = f"Author{number % 7919} Writer{number % 7919}"
    title = f"Synthetic Tale {number}"
    if kind == 0:
        return Audiobook(title=title, author=author, audible_asin=f"B{number:09d}")
    if kind == 1:
        return Audiobook(title="renamed", author="", file_path=f"/synthetic/{author}/{title}")
    if kind == 2:
        return Audiobook(title=title, author=author, narrator=f"Narrator {number % 311}")
    return Audiobook(title=f"Unheard Of {number}", author=author, narrator="Nobody")


def add_requests(services: Services, count: int, items: int) -> None:
    step = max(1, items // count)
    with transaction(services.sessions) as session:
        user = User(plex_id=f"bench-{uuid.uuid4().hex[:8]}", plex_username="bench")
        session.add(user)
        session.flush()
        for index in range(count):
            book = wanted_book(index * step, index % 4)
            session.add(book)
            session.flush()
            session.add(Request(user_id=user.id, audiobook_id=book.id, status="downloaded"))


def run(items: int, requests: int, database_url: str | None) -> dict[str, object]:
    log = NullEventLog()
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url or f"sqlite:///{tmp}/bench.db"
        services = build_services(BootSettings(data_dir=Path(tmp), database_url=url))
        push(services)
        settle_after_startup()  # as `earmark serve` and `earmark worker` do once started
        fake, plex_url = start_fake(items)
        try:
            with httpx.Client() as http:
                settings = PlexServerSettings(url=plex_url, token=TOKEN, timeout_seconds=60)
                server = PlexMediaServer.from_settings(http, settings)
                started, cpu_started = time.perf_counter(), time.process_time()
                report = scan_library(services, server, LIBRARY, log)
                scanned, cpu_scanned = time.perf_counter(), time.process_time()
                add_requests(services, requests, items)
                before_match, cpu_before_match = time.perf_counter(), time.process_time()
                matched = match_open_requests(services, LIBRARY, log)
                finished, cpu_finished = time.perf_counter(), time.process_time()
                # The scheduled case: the same library again, every item already cached.
                rescan = scan_library(services, server, LIBRARY, log)
                rescanned = time.perf_counter()
        finally:
            fake.terminate()
            fake.wait(timeout=10)
            services.close()
    return {
        "items": report.total_scanned,
        "requests": requests,
        "matched": len(matched),
        "matched_by": dict(Counter(m.evidence for m in matched)),
        "scan_seconds": round(scanned - started, 3),
        "match_seconds": round(finished - before_match, 3),
        "total_seconds": round(scanned - started + finished - before_match, 3),
        "rescan_seconds": round(rescanned - finished, 3),
        "rescan_updated": rescan.updated_count,
        "rescan_unchanged": rescan.unchanged_count,
        # CPU time of this process alone: stable on a busy machine, excludes the fake's work.
        "cpu_seconds": round(cpu_scanned - cpu_started + cpu_finished - cpu_before_match, 3),
        "scan_cpu_seconds": round(cpu_scanned - cpu_started, 3),
        "match_cpu_seconds": round(cpu_finished - cpu_before_match, 3),
        "load_average_1m": os.getloadavg()[0],
        "python_loop_seconds": python_loop_seconds(),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "database": "postgresql" if url.startswith("postgres") else "sqlite",
    }


def repeated(runs: int, passed_on: list[str]) -> dict[str, object]:
    """`runs` runs, each in a new process on a fresh database (as each `earmark serve` has
    its own heap); the run with the median total is returned, with every run's total."""
    command = [sys.executable, str(Path(__file__).resolve()), *passed_on]
    results = [
        json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        for _ in range(runs)
    ]
    results.sort(key=lambda result: float(result["total_seconds"]))
    median = dict(results[len(results) // 2])
    median["runs"] = len(results)
    median["every_total_seconds"] = [result["total_seconds"] for result in results]
    return median


def one_run(items: int, requests: int, url: str | None, postgresql: bool) -> dict[str, object]:
    if not postgresql:
        return run(items, requests, url)
    with scratch_postgres_database() as scratch:
        return run(items, requests, scratch)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=1_000)
    parser.add_argument("--database-url", help="default: a new SQLite file for each run")
    parser.add_argument(
        "--postgresql",
        action="store_true",
        help="a scratch PostgreSQL database for each run (server from EARMARK_BENCH_PG_URL)",
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs to make; the median run is reported"
    )
    args = parser.parse_args()
    if args.repeat > 1 and args.database_url:
        parser.error("--repeat needs a fresh database per run: use SQLite or --postgresql")
    if args.repeat > 1:
        passed_on = ["--items", str(args.items), "--requests", str(args.requests)]
        result = repeated(args.repeat, passed_on + (["--postgresql"] if args.postgresql else []))
    else:
        result = one_run(args.items, args.requests, args.database_url, args.postgresql)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
