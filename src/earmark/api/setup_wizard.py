"""Setup wizard routes: connection tests and completion (open only until setup is complete)."""

from __future__ import annotations

from fastapi import APIRouter

from earmark.api.access import CurrentAdmin, ServicesDep
from earmark.api.connection_tests import ReportOut, add_connection_test_routes
from earmark.api.settings_writer import complete_setup
from earmark.api.setup_status import setup_open
from earmark.api.thread_pools import OutboundRoute
from earmark.settings_store.sections import SetupBody

router = APIRouter(
    route_class=OutboundRoute, prefix="/api/setup", tags=["setup"], dependencies=[setup_open]
)
add_connection_test_routes(router, bookdate=True)


@router.post("/complete")
def complete(body: SetupBody, _: CurrentAdmin, services: ServicesDep) -> ReportOut:
    return complete_setup(services, body)
