"""The list of JSON API routers, in one place so the app and the route inventory agree."""

from __future__ import annotations

from fastapi import APIRouter

from earmark.api import (
    accounts,
    admin_doctor,
    admin_jobs,
    admin_settings,
    admin_users,
    auth,
    catalog,
    health,
    library,
    live,
    manual_requests,
    notifications,
    oidc,
    permissions,
    problems,
    request_actions,
    request_files,
    requests,
    series,
    setup_status,
    setup_wizard,
)
from earmark.api import bookdate as bookdate_routes
from earmark.api import ebooks as ebook_routes


def api_routers() -> list[APIRouter]:
    return [
        health.router,
        manual_requests.router,
        request_files.router,  # before requests: /import-roots is not a request id
        requests.router,
        request_actions.router,
        problems.router,
        setup_wizard.router,
        admin_settings.router,
        admin_jobs.router,
        auth.router,
        admin_users.router,
        accounts.admin_invitations,
        accounts.invitations,
        accounts.api_keys,
        accounts.registration,
        permissions.admin_permissions,
        permissions.my_permissions,
        setup_status.router,
        catalog.router,
        bookdate_routes.router,
        library.router,
        admin_doctor.router,
        live.router,
        notifications.channels,
        notifications.mine,
        oidc.router,
        ebook_routes.router,
        series.router,
    ]
