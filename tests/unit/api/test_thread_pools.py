"""Sync routes share a small pool; routes that wait on other services have their own."""

from __future__ import annotations

import inspect
import threading
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Annotated

import anyio
import anyio.to_thread
import httpx
from fastapi import APIRouter, FastAPI, Query

from earmark.api.thread_pools import OutboundRoute, calls_out, outbound_limiter, size_web_pool


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
