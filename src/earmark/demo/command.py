"""`earmark demo`: the whole product on one machine, with stand-ins for Plex, Prowlarr and Audible.

The stand-ins (earmark.demo.fakes) and the stack that runs them with real BitTorrent daemons
(earmark.demo.stack) are the ones the test suite drives. They need the `demo` extra (torf, to make
torrents): `pip install 'earmark[demo]'`; this module says so before importing them.

A kept `--data-dir` can be started again as often as wanted: Earmark's database, encryption key,
library, downloads and qBittorrent profile are reused; the generated releases, their seeder and
the tracker are disposable and made anew on each start (the tracker's port changes per run).
"""

from __future__ import annotations

import base64
import importlib.util
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from earmark.core.errors import ConfigurationMissing
from earmark.security.crypto import load_or_create_key

if TYPE_CHECKING:
    from earmark.demo.stack import EarmarkStack

DEMO_BOOKS = 6
DEMO_RELEASES = 4
DEMO_CATALOG_SIZE = 120
DEMO_ADMIN = "admin"
REFRESH_TIMEOUT_SECONDS = 120.0
# Python packages the stand-ins need beyond Earmark's own (the `demo` extra in pyproject.toml).
DEMO_PACKAGES = ("torf",)
# Parts of a kept demo folder remade on every start: releases, their seeder and the tracker.
DISPOSABLE_PARTS = ("seed", "bittorrent/seeder", "bittorrent/tracker")


@dataclass(frozen=True)
class DemoOptions:
    port: int
    data_dir: Path | None
    admin_password: str


def require_demo_packages() -> None:
    """Say exactly what to install when the stand-ins' own packages are missing."""
    missing = [name for name in DEMO_PACKAGES if importlib.util.find_spec(name) is None]
    if missing:
        raise ConfigurationMissing(
            f"`earmark demo` needs {', '.join(missing)}: install Earmark with its demo extra, "
            "`pip install 'earmark[demo]'` (in a source checkout: `pip install -e '.[demo]'`; "
            "`make install` does this)."
        )


def run_demo(options: DemoOptions, say: Callable[[str], None] = print) -> None:
    """Start everything, print how to sign in, and run until Ctrl+C or SIGTERM."""
    require_demo_packages()
    from earmark.demo import stack as stack_module

    with_bittorrent = not stack_module.missing_programs(with_bittorrent=True)
    if stack_module.missing_programs(with_bittorrent=False):
        raise ConfigurationMissing("The demo needs ffmpeg and ffprobe (apt-get install ffmpeg).")
    workdir = options.data_dir or Path(tempfile.mkdtemp(prefix="earmark-demo-"))
    forget_previous_releases(workdir)
    stack = stack_module.EarmarkStack(
        encryption_key=demo_encryption_key(workdir),
        options=stack_module.StackOptions(
            workdir=workdir,
            with_bittorrent=with_bittorrent,
            separate_worker=False,
            web_port=options.port,
            catalog_size=DEMO_CATALOG_SIZE,
            admin_username=DEMO_ADMIN,
            admin_password=options.admin_password,
        ),
    )
    try:
        with stack:
            titles = _seed(stack, with_bittorrent)
            _announce(stack, options, titles, with_bittorrent, say)
            _wait_for_stop_signal()
            say("stopping the demo")
    finally:
        if options.data_dir is None:
            shutil.rmtree(workdir, ignore_errors=True)


def forget_previous_releases(workdir: Path) -> None:
    """Remove what an earlier run of a kept folder published; its tracker is gone."""
    for part in DISPOSABLE_PARTS:
        shutil.rmtree(workdir / part, ignore_errors=True)


def demo_encryption_key(workdir: Path) -> str:
    """Earmark's own key file in the demo's data folder, so stored secrets stay readable."""
    key = load_or_create_key(None, workdir / "data")
    return base64.urlsafe_b64encode(key).decode()


def _seed(stack: EarmarkStack, with_bittorrent: bool) -> list[str]:
    """Catalog books with real, seeded releases; returns the titles that can be downloaded."""
    from earmark.demo import client, releases

    books = releases.prepare_catalog_books(stack, DEMO_BOOKS)
    admin = client.EarmarkApi(stack.base_url, stack.earmark_logs)
    try:
        admin.sign_in(stack.options.admin_username, stack.options.admin_password)
        job = admin.trigger_schedule("audible_refresh")
        admin.wait_for_job(job["id"], REFRESH_TIMEOUT_SECONDS)
    finally:
        admin.close()
    if not with_bittorrent:
        return []
    for book in books[:DEMO_RELEASES]:
        releases.publish_release(stack, book, releases.ReleaseSpec())
    return [f"{book.title} by {book.author}" for book in books[:DEMO_RELEASES]]


def _announce(
    stack: EarmarkStack,
    options: DemoOptions,
    titles: list[str],
    with_bittorrent: bool,
    say: Callable[[str], None],
) -> None:
    say(f"Earmark demo running at {stack.base_url}")
    say(f"  sign in (local admin): {DEMO_ADMIN} / {options.admin_password}")
    say(f"  data folder: {stack.workdir} (library in {stack.library_root})")
    if with_bittorrent:
        say("  these books have real releases (tracker, seeder and qBittorrent on loopback):")
        for title in titles:
            say(f"    - {title}")
    else:
        say(
            "  qbittorrent-nox, transmission-daemon or opentracker is missing: browsing and "
            "requesting work, downloads do not."
        )
    say("Press Ctrl+C to stop.")


def _wait_for_stop_signal() -> None:
    stopped = threading.Event()
    previous = {
        signum: signal.signal(signum, lambda _signum, _frame: stopped.set())
        for signum in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        stopped.wait()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
