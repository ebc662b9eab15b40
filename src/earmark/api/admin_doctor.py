"""`earmark doctor` over the API, for an admin page: the same checks, the same plain words."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from earmark.api.access import CurrentAdmin, ServicesDep
from earmark.api.thread_pools import OutboundRoute
from earmark.doctor import Outcome, run_doctor

router = APIRouter(route_class=OutboundRoute, prefix="/api/admin/doctor", tags=["admin"])


class FindingOut(BaseModel):
    check: str
    outcome: Outcome
    message: str
    fix: str


class DoctorOut(BaseModel):
    ok: bool  # nothing failed (warnings allowed)
    findings: list[FindingOut]


@router.get("")
def doctor(_: CurrentAdmin, services: ServicesDep) -> DoctorOut:
    findings = run_doctor(services)
    return DoctorOut(
        ok=not any(finding.failed for finding in findings),
        findings=[
            FindingOut(check=f.check, outcome=f.outcome, message=f.message, fix=f.fix)
            for f in findings
        ],
    )
