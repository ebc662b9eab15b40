"""Sync routes share a small pool; routes that wait on other services have their own."""

from __future__ import annotations

import inspect
import threading
from collections.abc import Awaitable, Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Annotated

import anyio
import anyio.to_thread
import httpx
import pytest
from fastapi import APIRouter, FastAPI, Query
from fastapi.routing import APIRoute
from pydantic import BaseModel
from starlette.routing import BaseRoute

from earmark.api.thread_pools import (
    OutboundRoute,
    PooledRoute,
    calls_out,
    outbound_limiter,
    size_web_pool,
)


def _run(scenario: Callable[[], Awaitable[None]]) -> None:
    """`anyio.run` on a thread of its own: in the whole suite a session-wide Playwright browser
    (sync API) keeps an event loop running in the main thread, and anyio refuses to nest."""
    with ThreadPoolExecutor(max_workers=1) as runner:
        runner.submit(anyio.run, scenario).result()


def _app(release: threading.Event, entered: threading.Event) -> FastAPI:
    app = FastAPI()

    @app.get("/local")
    def local(n: Annotated[int, Query(ge=1)] = 1) -> dict[str, int]:
        return {"n": n}

    @app.get("/remote")
    @calls_out
    def remote(q: Annotated[str, Query(min_length=2)]) -> dict[str, str]:
        entered.set()
        release.wait(5)
        return {"q": q}

    whole = APIRouter(route_class=OutboundRoute)

    @whole.get("/router-remote")
    def router_remote() -> dict[str, bool]:
        return {"ok": True}

    app.include_router(whole)
    app.state.outbound_router = whole
    return app


def test_a_waiting_outbound_route_does_not_hold_the_web_pool() -> None:
    release, entered = threading.Event(), threading.Event()
    app = _app(release, entered)

    async def scenario() -> None:
        size_web_pool(1)
        assert anyio.to_thread.current_default_thread_limiter().total_tokens == 1
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            async with anyio.create_task_group() as group:
                answers: list[httpx.Response] = []

                async def call_remote() -> None:
                    answers.append(await client.get("/remote", params={"q": "dune"}))

                group.start_soon(call_remote)
                await anyio.to_thread.run_sync(entered.wait, 5, limiter=outbound_limiter())
                # The remote call is waiting in its own pool: the one web thread still serves.
                local = await client.get("/local", params={"n": 3})
                assert local.json() == {"n": 3}
                assert outbound_limiter().borrowed_tokens >= 1
                release.set()
            assert answers[0].json() == {"q": "dune"}
            # The wrapped route kept its validation contract.
            refused = await client.get("/remote", params={"q": "d"})
            assert refused.status_code == 422
            assert (await client.get("/router-remote")).json() == {"ok": True}
        (route,) = app.state.outbound_router.routes
        assert inspect.iscoroutinefunction(route.endpoint)  # type: ignore[attr-defined]
        assert route.endpoint.__wrapped__.__name__ == "router_remote"  # type: ignore[attr-defined]

    _run(scenario)


def test_the_app_sizes_the_web_pool_from_its_settings(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from earmark.app import create_app
    from earmark.security.crypto import generate_key_text
    from earmark.settings import BootSettings

    monkeypatch.setenv("EARMARK_WEB_THREADS", "3")
    settings = BootSettings(
        data_dir=tmp_path,
        database_url=f"sqlite:///{tmp_path}/earmark.db",
        encryption_key=generate_key_text(),
        run_worker=False,
    )
    app = create_app(settings)
    seen: list[float] = []

    async def scenario() -> None:
        async with app.router.lifespan_context(app):
            seen.append(anyio.to_thread.current_default_thread_limiter().total_tokens)

    _run(scenario)
    assert seen == [3]


def test_a_pooled_route_makes_one_trip_to_the_pool_where_fastapi_makes_two(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """FastAPI runs a sync route, then the validation of its answer, each in the pool; between
    the two a finished request queues for a thread again while holding its answer."""
    app = FastAPI()
    pooled = APIRouter(route_class=PooledRoute)

    class Answer(BaseModel):
        n: int

    @app.get("/plain", response_model=Answer)
    def plain(n: Annotated[int, Query(ge=1)] = 1) -> Answer:
        return Answer(n=n)

    @pooled.get("/pooled", response_model=Answer)
    def in_pool(n: Annotated[int, Query(ge=1)] = 1) -> Answer:
        assert threading.current_thread() is not threading.main_thread()
        return Answer(n=n)

    app.include_router(pooled)
    trips: list[str] = []
    run_sync = anyio.to_thread.run_sync

    async def counted(func, *args, **kwargs):  # type: ignore[no-untyped-def]
        trips.append(getattr(func, "__name__", repr(func)))
        return await run_sync(func, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counted)

    async def scenario() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            assert (await client.get("/plain", params={"n": 2})).json() == {"n": 2}
            plain_trips = len(trips)
            trips.clear()
            assert (await client.get("/pooled", params={"n": 3})).json() == {"n": 3}
            assert plain_trips == 2
            assert len(trips) == 1
            assert (await client.get("/pooled", params={"n": 0})).status_code == 422

    _run(scenario)


def test_every_route_of_the_app_makes_one_trip(tmp_path: Path) -> None:
    """Every router is built with PooledRoute or OutboundRoute: no route of the app is sync."""
    from earmark.app import create_app
    from earmark.security.crypto import generate_key_text
    from earmark.settings import BootSettings

    settings = BootSettings(
        data_dir=tmp_path,
        database_url=f"sqlite:///{tmp_path}/earmark.db",
        encryption_key=generate_key_text(),
        run_worker=False,
    )
    routes = list(_api_routes(create_app(settings).routes))
    assert len(routes) > 100
    sync = [route.path for route in routes if not inspect.iscoroutinefunction(route.endpoint)]
    assert sync == []


def _api_routes(routes: Sequence[BaseRoute]) -> Iterator[APIRoute]:
    """The app's routes, with those of included routers (kept as routers since FastAPI 0.13x)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from _api_routes(included.routes)
