"""The FastAPI application: builds services, syncs the schema, starts workers in the lifespan."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from earmark import __version__
from earmark.api.body_limit import BodySizeLimit
from earmark.api.errors import install_error_handlers
from earmark.api.routers import api_routers
from earmark.api.security_headers import SecurityHeaders
from earmark.api.thread_pools import size_web_pool
from earmark.jobs.runtime import build_worker_pool, seed_default_schedules
from earmark.security.setup_code import setup_code
from earmark.security.tokens import TokenIssuer
from earmark.settings import BootSettings
from earmark.settings_store.setup import is_setup_complete
from earmark.users.repository import find_setup_admin
from earmark.web.routes import install_web
from earmark.wiring import Services, build_services, push

log = logging.getLogger(__name__)


def announce_setup_code(services: Services) -> None:
    """While nobody has claimed this server, say how to: the setup page asks for this code."""
    if not services.settings.setup_code_required or is_setup_complete(services.config):
        return
    with services.sessions() as session:
        if find_setup_admin(session) is not None:
            return
    log.warning(
        "First run: open the setup page and enter the setup code %s to create the admin "
        "(or run `earmark user create-admin`).",
        setup_code(services.cipher),
    )


def create_app(settings: BootSettings, services: Services | None = None) -> FastAPI:
    """Build the app; `services` may be given by tests that share them with the test body."""
    own_services = services is None
    svc = services or build_services(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        size_web_pool(settings.web_threads)
        push(svc)
        seed_default_schedules(svc)
        pool = (
            build_worker_pool(svc, threads=settings.worker_threads) if settings.run_worker else None
        )
        if pool is not None:
            pool.start()
        svc.live.start()  # PostgreSQL: hear other processes' changes from the first page on
        log.info("Earmark %s ready (database: %s)", __version__, svc.engine.dialect.name)
        announce_setup_code(svc)
        try:
            yield
        finally:
            if pool is not None:
                # Joining worker threads blocks; keep the event loop free while jobs finish.
                await asyncio.to_thread(pool.stop)
            if own_services:
                svc.close()

    app = FastAPI(
        title="Earmark",
        version=__version__,
        docs_url="/api/docs",
        openapi_url="/api/openapi.json",
        redoc_url=None,
        lifespan=lifespan,
        root_path=settings.base_path,
    )
    app.state.services = svc
    app.state.token_issuer = TokenIssuer(svc.cipher.derive_key("session-tokens"))
    app.add_middleware(BodySizeLimit)
    app.add_middleware(
        SecurityHeaders,
        plex_tv_url=settings.plex_tv_url,
        audible_api_url=settings.audible_api_url,
    )
    if settings.trusted_proxies:
        # The one place proxy headers are believed: client address (rate limits) and scheme
        # (Secure cookies) both come from here; uvicorn's own handling is switched off (cli.py).
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    install_error_handlers(app)
    for router in api_routers():
        app.include_router(router)
    install_web(app)
    return app


def web_process_app() -> FastAPI:
    """One of `earmark serve --workers N`'s web processes: settings from the environment."""
    from earmark.core.heap import settle_after_startup
    from earmark.core.logging_setup import configure_logging

    settings = BootSettings()
    configure_logging(settings.log_level)
    application = create_app(settings)
    settle_after_startup()
    return application
