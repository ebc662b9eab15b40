"""Health endpoint: process up, database reachable, version."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import text

from earmark import __version__
from earmark.api.access import public_route
from earmark.api.thread_pools import PooledRoute

router = APIRouter(
    route_class=PooledRoute,
)


class Health(BaseModel):
    status: str
    database: str
    database_backend: str
    version: str


@router.get("/api/health", response_model=Health, dependencies=[public_route])
def health(request: Request) -> JSONResponse:
    services = request.app.state.services
    try:
        with services.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        database = "ok"
    except Exception:
        database = "unreachable"
    body = Health(
        status="ok" if database == "ok" else "degraded",
        database=database,
        database_backend=services.engine.dialect.name,
        version=__version__,
    )
    return JSONResponse(body.model_dump(), status_code=200 if database == "ok" else 503)
