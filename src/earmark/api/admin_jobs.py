"""Admin JSON routes for the job queue: jobs, their events, retry/cancel, and schedules."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from earmark.api.access import CurrentAdmin, ServicesDep
from earmark.api.thread_pools import PooledRoute, calls_out
from earmark.core.paging import MAX_OFFSET
from earmark.db.engine import transaction
from earmark.jobs.registry import job_registry
from earmark.queue import admin, scheduler
from earmark.queue.runner import JobRunner
from earmark.queue.schemas import (
    JobDetailOut,
    JobEventOut,
    JobEventPageOut,
    JobOut,
    JobPageOut,
    ScheduleOut,
    ScheduleUpdate,
)

router = APIRouter(route_class=PooledRoute, prefix="/api/admin", tags=["admin: jobs"])

Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]


@router.get("/jobs", response_model=JobPageOut)
def list_jobs(
    _admin: CurrentAdmin,
    services: ServicesDep,
    job_type: Annotated[str | None, Query(alias="type")] = None,
    status: str | None = None,
    request_id: uuid.UUID | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> JobPageOut:
    where = admin.JobFilter(job_type=job_type, status=status, request_id=request_id)
    with services.sessions() as session:
        page = admin.list_jobs(session, where, limit=limit, offset=offset)
        items = [JobOut.model_validate(job) for job in page.items]
    return JobPageOut(items=items, total=page.total, limit=limit, offset=offset)


@router.get("/jobs/{job_id}", response_model=JobDetailOut)
def job_detail(job_id: uuid.UUID, _admin: CurrentAdmin, services: ServicesDep) -> JobDetailOut:
    with services.sessions() as session:
        job = admin.get_job(session, job_id)
        events = [JobEventOut.model_validate(e) for e in admin.job_events(session, job_id)]
        base = JobOut.model_validate(job).model_dump()
        return JobDetailOut(**base, stack_trace=job.stack_trace, events=events)


@router.post("/jobs/{job_id}/retry", response_model=JobOut)
def retry_job(job_id: uuid.UUID, _admin: CurrentAdmin, services: ServicesDep) -> JobOut:
    with transaction(services.sessions) as session:
        job = admin.retry_job(session, job_id, now=services.clock.now())
        return JobOut.model_validate(job)


@router.post("/jobs/{job_id}/cancel", response_model=JobOut)
@calls_out  # the job's final-failure hook may tell the requester
def cancel_job(job_id: uuid.UUID, _admin: CurrentAdmin, services: ServicesDep) -> JobOut:
    with transaction(services.sessions) as session:
        cancelled = admin.cancel_job(session, job_id, now=services.clock.now())
    runner = JobRunner(services.sessions, job_registry(), resources=services, clock=services.clock)
    runner.notify_final_failure(cancelled, admin.CANCEL_MESSAGE)
    with services.sessions() as session:
        return JobOut.model_validate(admin.get_job(session, job_id))


@router.get("/job-events", response_model=JobEventPageOut)
def list_job_events(
    _admin: CurrentAdmin,
    services: ServicesDep,
    level: str | None = None,
    job_type: str | None = None,
    request_id: uuid.UUID | None = None,
    q: str | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> JobEventPageOut:
    where = admin.EventFilter(level=level, job_type=job_type, request_id=request_id, text=q)
    with services.sessions() as session:
        page = admin.list_events(session, where, limit=limit, offset=offset)
        items = [JobEventOut.model_validate(event) for event in page.items]
    return JobEventPageOut(items=items, total=page.total, limit=limit, offset=offset)


@router.get("/schedules", response_model=list[ScheduleOut])
def list_schedules(_admin: CurrentAdmin, services: ServicesDep) -> list[ScheduleOut]:
    with services.sessions() as session:
        return [ScheduleOut.model_validate(s) for s in scheduler.list_schedules(session)]


@router.patch("/schedules/{name}", response_model=ScheduleOut)
def edit_schedule(
    name: str, change: ScheduleUpdate, _admin: CurrentAdmin, services: ServicesDep
) -> ScheduleOut:
    with transaction(services.sessions) as session:
        schedule = scheduler.update_schedule(
            session, name, now=services.clock.now(), cron=change.cron, enabled=change.enabled
        )
        return ScheduleOut.model_validate(schedule)


@router.post("/schedules/{name}/trigger", response_model=JobOut)
def trigger_schedule(name: str, _admin: CurrentAdmin, services: ServicesDep) -> JobOut:
    with transaction(services.sessions) as session:
        job = scheduler.trigger_schedule(session, name, now=services.clock.now())
        session.flush()
        return JobOut.model_validate(job)
