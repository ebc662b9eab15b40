"""A request's ebook companion (docs/ebooks.md): read its status, ask for the ebook."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from earmark.api.access import CurrentUser, ServicesDep
from earmark.api.requests import requester_of
from earmark.api.thread_pools import PooledRoute
from earmark.core.errors import NotFound
from earmark.db.engine import transaction
from earmark.ebooks.models import EbookCompanion
from earmark.ebooks.service import companion_of, start_ebook
from earmark.ebooks.states import EbookStatus, label
from earmark.requests import service
from earmark.settings_store.catalogue import EbookSettings

router = APIRouter(route_class=PooledRoute, prefix="/api/requests", tags=["ebooks"])


class EbookOut(BaseModel):
    request_id: uuid.UUID
    status: EbookStatus
    label: str
    progress: int
    release_title: str | None
    indexer: str | None
    size_bytes: int | None
    score: float | None
    file_format: str | None
    file_path: str | None
    error_message: str | None
    rejections: list[dict[str, Any]]
    updated_at: datetime


def ebook_out(row: EbookCompanion) -> EbookOut:
    breakdown = row.score_breakdown or {}
    return EbookOut(
        request_id=row.request_id, status=row.status, label=label(row.status, row.progress),
        progress=row.progress, release_title=row.release_title, indexer=row.indexer_name,
        size_bytes=row.size_bytes, score=row.score, file_format=row.file_format,
        file_path=row.file_path, error_message=row.error_message,
        rejections=list(breakdown.get("rejections", [])), updated_at=row.updated_at,
    )  # fmt: skip


@router.get("/{request_id}/ebook", response_model=EbookOut)
def read_ebook(request_id: uuid.UUID, principal: CurrentUser, services: ServicesDep) -> EbookOut:
    with services.sessions() as session:
        service.get_visible(session, requester_of(principal), request_id)
        row = companion_of(session, request_id)
        if row is None:
            raise NotFound("No ebook was asked for with this request.")
        return ebook_out(row)


@router.post("/{request_id}/ebook", status_code=202, response_model=EbookOut)
def request_ebook(request_id: uuid.UUID, principal: CurrentUser, services: ServicesDep) -> EbookOut:
    """Also get the book's ebook (again after "not found" or "failed")."""
    with transaction(services.sessions) as session:
        request = service.get_visible(session, requester_of(principal), request_id)
        enabled = services.config.section(EbookSettings).enabled
        row = start_ebook(session, request, enabled=enabled, now=services.clock.now())
        return ebook_out(row)
