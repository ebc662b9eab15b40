"""GET /api/live over real HTTP: `ready`, then a `change` naming the viewer's changed requests."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator

import httpx

from earmark.app import create_app
from earmark.db.engine import transaction
from earmark.demo.fakes.server import serve_app
from earmark.requests.models import Request
from earmark.settings import BootSettings
from earmark.wiring import Services
from tests.api.web.seed import add_request
from tests.support import make_user


def _events(lines: Iterator[str]) -> Iterator[tuple[str, dict[str, object]]]:
    name = ""
    for line in lines:
        if line.startswith("event: "):
            name = line.removeprefix("event: ")
        elif line.startswith("data: "):
            yield name, json.loads(line.removeprefix("data: "))


def test_the_stream_tells_a_user_about_their_request_and_not_about_others(
    services: Services, boot_settings: BootSettings
) -> None:
    app = create_app(boot_settings, services)
    alice = make_user(services, app, "alice")
    bob = make_user(services, app, "bob")
    hers = add_request(services, alice.user, "Hers", "pending")
    his = add_request(services, bob.user, "His", "pending")

    def advance() -> None:
        if services.live.listens:
            services.live.listening.wait(10)
        for request_id in (his, hers):  # bob's first: alice must see only hers
            with transaction(services.sessions) as session:
                request = session.get(Request, request_id)
                assert request is not None
                request.progress = 50

    with (
        serve_app(app) as url,
        httpx.stream("GET", f"{url}/api/live", headers=alice.headers, timeout=10) as response,
    ):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        events = _events(response.iter_lines())
        assert next(events) == ("ready", {})
        threading.Thread(target=advance).start()
        name, data = next(events)
    assert name == "change"
    assert data == {"requests": [str(hers)], "jobs": False, "all": False}


def test_the_stream_needs_a_signed_in_viewer(
    services: Services, boot_settings: BootSettings
) -> None:
    with serve_app(create_app(boot_settings, services)) as url:
        response = httpx.get(f"{url}/api/live", timeout=10)
    assert response.status_code == 401
