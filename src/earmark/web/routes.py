"""Attaches the web UI to the app: page routers, static files and sign-in redirects."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from earmark.web import (
    pages_accounts,
    pages_admin,
    pages_bookdate,
    pages_manual,
    pages_oidc,
    pages_problems,
    pages_public,
    pages_series,
    pages_user,
)
from earmark.web.auth_redirects import install_page_redirects
from earmark.web.rendering import STATIC_DIR


def install_web(app: FastAPI) -> None:
    install_page_redirects(app)
    routers = (
        pages_public.router,
        pages_user.router,
        pages_manual.router,
        pages_bookdate.router,
        pages_admin.router,
        pages_accounts.router,
        pages_oidc.router,
        pages_problems.router,
        pages_series.router,
    )
    for router in routers:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
