"""The list of JSON API routers, in one place so the app and the route inventory agree."""

from __future__ import annotations

from fastapi import APIRouter

from earmark.api import health


def api_routers() -> list[APIRouter]:
    return [health.router]
