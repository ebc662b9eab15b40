"""Garbage-collector settings for Earmark's long-running processes (`serve`, `worker`).

CPython's cyclic collector walks every tracked object of a generation each time it runs. After
start-up that is hundreds of thousands of objects (SQLAlchemy, FastAPI, pydantic and the SDKs),
none of which will ever be garbage, and a full collection was measured at ~0.13 s on a 2-core
host: a 50,000-item library scan triggered fifteen of them (2.0 s). Freezing the start-up heap
moves it out of the collector's sight for good. Work that builds many objects at once (a scan
decodes 100 pages of JSON) also triggered ~1,800 young and ~170 middle collections at the
default threshold of 700 allocations; a threshold of 20,000 takes that to a few dozen, at the
cost of a few more MB of not-yet-collected cycles between collections.

Start-up itself builds that heap: importing the app ran three full collections and hundreds of
young ones (~0.1 s of a 1.2 s start), and a collection before freezing took another 0.05-0.08 s
to find under a thousand unreachable objects. `starting_up` pauses the collector while a process
imports and builds, and freezes what it made without collecting first.
"""

from __future__ import annotations

import ctypes
import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_COLLECTION_THRESHOLD = 20_000
# glibc gives threads that contend for malloc arenas of their own (up to 8 per core), and each
# keeps the memory it once held: 64 clients on the web thread pool grew RSS by ~17 MB more than
# with two arenas, at no measured cost in throughput (docs/performance.md).
MALLOC_ARENAS = 2
_M_ARENA_MAX = -8  # glibc's mallopt() parameter number


@contextmanager
def starting_up() -> Iterator[None]:
    """The collector paused while the block imports and builds; the heap settled after it.

    If the block fails, the collector is only resumed (the process is about to report and exit).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    except BaseException:
        if was_enabled:
            gc.enable()
        raise
    settle_after_startup()


def settle_after_startup() -> None:
    """Call once, when the process has imported and built what it keeps until it exits."""
    limit_malloc_arenas()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, middle, old)
    gc.enable()


def limit_malloc_arenas() -> None:
    """Cap glibc's malloc arenas (as MALLOC_ARENA_MAX does); a no-op without glibc's mallopt."""
    # The interpreter's own symbols include the C library's (no ldconfig lookup: 0.2 s).
    mallopt = getattr(ctypes.CDLL(None), "mallopt", None)
    if mallopt is not None:
        mallopt(_M_ARENA_MAX, MALLOC_ARENAS)
