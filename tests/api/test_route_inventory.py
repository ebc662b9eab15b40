"""Every route declares an access level, and each rejects the levels below it.

The routes come from the real app, so routes added later are covered without editing this test.
Levels are read from the dependency tree (`LEVEL_DEPENDENCIES` in api/access.py). JSON routes
reject with 401/403; page routes redirect to the sign-in page or home instead.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from fastapi.testclient import TestClient
from starlette.convertors import FloatConvertor, IntegerConvertor, PathConvertor

from earmark.api.access import LEVEL_DEPENDENCIES
from earmark.users.models import User
from earmark.wiring import Services

RANK = {"public": 0, "user": 1, "admin": 2}
DUMMY_ID = "00000000-0000-4000-8000-000000000001"
BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for sub in dependant.dependencies:
        if sub.call is not None:
            yield sub.call
        yield from _calls(sub)


def declared_levels(route: RouteContext) -> set[str]:
    levels: dict[Any, str] = {**LEVEL_DEPENDENCIES}
    return {levels[call] for call in _calls(route.dependant) if call in levels}


def level_of(route: RouteContext) -> str | None:
    levels = declared_levels(route)
    return max(levels, key=RANK.__getitem__) if levels else None


def dummy_path(route: RouteContext) -> str:
    values: dict[str, str] = {}
    for name, convertor in route.param_convertors.items():
        if isinstance(convertor, IntegerConvertor):
            values[name] = "1"
        elif isinstance(convertor, FloatConvertor):
            values[name] = "1.0"
        elif isinstance(convertor, PathConvertor):
            values[name] = "x/y"
        else:
            values[name] = DUMMY_ID
    return (route.path_format or "").format(**values)


def api_routes(client: TestClient) -> list[RouteContext]:
    """Every FastAPI route of the app, with router prefixes and router dependencies applied."""
    routes = client.app.routes  # type: ignore[attr-defined]
    return [ctx for ctx in iter_route_contexts(routes) if isinstance(ctx.original_route, APIRoute)]


def _call(client: TestClient, method: str, path: str, headers: dict[str, str]) -> Any:
    body: dict[str, object] | None = {} if method in BODY_METHODS else None
    return client.request(method, path, headers=headers, follow_redirects=False, json=body)


def rejects_anonymous(response: Any) -> bool:
    location = response.headers.get("location") or response.headers.get("hx-redirect") or ""
    return response.status_code == 401 or (
        response.status_code in (204, 303) and "/login" in location
    )


def rejects_non_admin(response: Any) -> bool:
    location = response.headers.get("location") or response.headers.get("hx-redirect") or ""
    redirected_away = response.status_code in (204, 303) and bool(location)
    return response.status_code == 403 or (redirected_away and "/login" not in location)


def _bearer(client: TestClient, services: Services, role: str) -> dict[str, str]:
    with services.sessions() as session:
        user = User(plex_id=f"inventory-{role}", plex_username=f"inventory {role}", role=role)
        session.add(user)
        session.commit()
    app: Any = client.app
    issuer = app.state.token_issuer
    token = issuer.issue(user.id, user.session_version, "access", services.clock.now())
    return {"Authorization": f"Bearer {token}"}


def test_route_inventory_every_route_declares_one_level(client: TestClient) -> None:
    problems = []
    for route in api_routes(client):
        levels = declared_levels(route)
        if not levels:
            problems.append(f"{sorted(route.methods or ())} {route.path}: declares no access level")
        elif "public" in levels and len(levels) > 1:
            problems.append(
                f"{sorted(route.methods or ())} {route.path}: public and {levels - {'public'}}"
            )
    assert not problems, "\n".join(problems)


def test_route_inventory_classifies_known_routes(client: TestClient) -> None:
    by_path = {
        (route.path, method): level_of(route)
        for route in api_routes(client)
        for method in route.methods or ()
    }
    assert by_path[("/api/setup/status", "GET")] == "public"
    assert by_path[("/api/auth/me", "GET")] == "user"
    assert by_path[("/api/admin/users/{user_id}", "DELETE")] == "admin"
    assert by_path[("/api/admin/notifications/channels", "GET")] == "admin"
    assert by_path[("/api/admin/notifications/channels/{channel_id}/test", "POST")] == "admin"
    assert by_path[("/api/account/notifications", "GET")] == "user"
    assert by_path[("/api/account/notifications", "PUT")] == "user"
    # OpenID sign-in: the browser arrives signed out; testing discovery is for admins.
    assert by_path[("/auth/oidc/start", "GET")] == "public"
    assert by_path[("/auth/oidc/callback", "GET")] == "public"
    assert by_path[("/api/admin/settings/test/oidc", "POST")] == "admin"
    for doctor in ("/api/admin/doctor", "/admin/doctor", "/partials/admin/doctor"):
        assert by_path[(doctor, "GET")] == "admin"


def test_route_inventory_each_route_rejects_lower_levels(
    client: TestClient, services: Services
) -> None:
    user_headers = _bearer(client, services, "user")
    problems = []
    for route in api_routes(client):
        level = level_of(route)
        if level not in ("user", "admin"):
            continue
        path = dummy_path(route)
        for method in sorted((route.methods or set()) - {"HEAD", "OPTIONS"}):
            client.cookies.clear()
            anonymous = _call(client, method, path, {})
            if not rejects_anonymous(anonymous):
                problems.append(f"{method} {route.path}: anonymous got {anonymous.status_code}")
            if level == "admin":
                as_user = _call(client, method, path, user_headers)
                if not rejects_non_admin(as_user):
                    problems.append(f"{method} {route.path}: plain user got {as_user.status_code}")
    assert not problems, "\n".join(problems)


def test_route_inventory_dummy_ids_are_uuids() -> None:
    assert uuid.UUID(DUMMY_ID).version == 4
