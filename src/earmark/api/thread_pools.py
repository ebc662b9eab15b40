"""Where sync routes run: a small pool for database work, a large one for calls to other services.

FastAPI runs every sync route and dependency in anyio's default thread pool (40 threads). With
16 clients that is 16 threads taking turns at the GIL, and SQLite's driver gives the GIL up
around every row it steps: each hand-back can wait for a switch interval while another thread
runs, so the request list served 70 requests/s at 16 clients against 130 at one. With the pool
capped at a few threads the same load served 110-150 requests/s with a third of the p99
(docs/performance.md, issue 23).

A small pool must not be held by threads waiting on the network: an Audible search, a Plex
sign-in or an LLM answer can take seconds. Routes that call another service are marked with
`calls_out` (or their router built with `OutboundRoute`) and run in a pool of their own, so a
slow indexer never queues the request list behind it.

Every router is built with one of the two route classes (`PooledRoute` or `OutboundRoute`), so
every sync route makes ONE trip to its pool. FastAPI itself makes two for a sync route: the
route, then the validation of what it returned; between the two a finished request waited in
the queue for a thread again while holding its whole answer. At 64 clients that was ~9 MiB of
parked answers on the request list alone; with one trip the answer is validated and encoded on
the event loop as soon as the route returns (tests/unit/api/test_thread_pools.py checks that no
route of the app is left sync).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Coroutine
from typing import Any, ParamSpec, TypeVar

import anyio.to_thread
from anyio import CapacityLimiter
from anyio.lowlevel import RunVar
from fastapi.routing import APIRoute

OUTBOUND_THREADS = 32

_outbound_limiter: RunVar[CapacityLimiter] = RunVar("earmark_outbound_limiter")

P = ParamSpec("P")
T = TypeVar("T")


def size_web_pool(threads: int) -> None:
    """Cap the default pool (sync routes and dependencies); call inside the event loop."""
    anyio.to_thread.current_default_thread_limiter().total_tokens = threads


def outbound_limiter() -> CapacityLimiter:
    try:
        return _outbound_limiter.get()
    except LookupError:
        limiter = CapacityLimiter(OUTBOUND_THREADS)
        _outbound_limiter.set(limiter)
        return limiter


def in_web_pool(endpoint: Callable[P, T]) -> Callable[P, Coroutine[Any, Any, T]]:
    """Run a sync route in the web pool in one trip (see the module's docstring)."""
    return _one_trip(endpoint, lambda: None)  # None: anyio's default limiter, the web pool


def calls_out(endpoint: Callable[P, T]) -> Callable[P, Coroutine[Any, Any, T]]:
    """Run a sync route that may wait on another service in the outbound pool."""
    return _one_trip(endpoint, outbound_limiter)


def _one_trip(
    endpoint: Callable[P, T], limiter: Callable[[], CapacityLimiter | None]
) -> Callable[P, Coroutine[Any, Any, T]]:
    """The route as a coroutine that runs it in one thread-pool trip.

    FastAPI reads the parameters through `functools.wraps` (`inspect.signature` and the
    annotations' module follow `__wrapped__`), so the route's contract is unchanged."""

    @functools.wraps(endpoint)
    async def in_pool(*args: P.args, **kwargs: P.kwargs) -> T:
        call = functools.partial(endpoint, *args, **kwargs)
        return await anyio.to_thread.run_sync(call, limiter=limiter())

    return in_pool


class PooledRoute(APIRoute):
    """Route class of every router: a sync route runs in the web pool in one trip."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = self.pooled(endpoint)
        super().__init__(path, endpoint, **kwargs)

    @staticmethod
    def pooled(endpoint: Callable[..., Any]) -> Callable[..., Coroutine[Any, Any, Any]]:
        return in_web_pool(endpoint)


class OutboundRoute(PooledRoute):
    """Route class for routers whose every sync route may call another service."""

    @staticmethod
    def pooled(endpoint: Callable[..., Any]) -> Callable[..., Coroutine[Any, Any, Any]]:
        return calls_out(endpoint)
