"""Earmark's public JSON API as a person's browser or script uses it, plus waiting helpers."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from datetime import datetime
from typing import Any

import httpx

from earmark.queue.models import FINISHED_STATUSES as FINISHED_JOB_STATUSES
from earmark.requests.states import RequestStatus

JsonObject = dict[str, Any]
POLL_SECONDS = 0.5


class EarmarkApi:
    def __init__(self, base_url: str, describe_failure: Callable[[], str] = lambda: "") -> None:
        self.http = httpx.Client(base_url=base_url, timeout=httpx.Timeout(30.0, connect=5.0))
        self._describe_failure = describe_failure

    def close(self) -> None:
        self.http.close()

    def _ok(self, response: httpx.Response) -> Any:
        if response.is_error:
            raise AssertionError(
                f"{response.request.method} {response.request.url.path} -> "
                f"{response.status_code}: {response.text[:500]}"
            )
        return response.json() if response.content else None

    def sign_in(self, username: str, password: str) -> JsonObject:
        session: JsonObject = self._ok(
            self.http.post(
                "/api/auth/local/login", json={"username": username, "password": password}
            )
        )
        self.http.headers["Authorization"] = f"Bearer {session['access_token']}"
        return session

    def request_book(self, asin: str) -> JsonObject:
        created: JsonObject = self._ok(self.http.post("/api/requests", json={"asin": asin}))
        return created

    def request_by_title(self, title: str, author: str, **extra: object) -> JsonObject:
        """A manual request for a book the catalog does not list (isbn, year optional)."""
        body = {"title": title, "author": author, **extra}
        created: JsonObject = self._ok(self.http.post("/api/requests/manual", json=body))
        return created

    def read_request(self, request_id: str) -> JsonObject:
        found: JsonObject = self._ok(self.http.get(f"/api/requests/{request_id}"))
        return found

    def popular_books(self) -> list[JsonObject]:
        page: JsonObject = self._ok(self.http.get("/api/catalog/popular", params={"limit": 50}))
        return list(page["items"])

    def trigger_schedule(self, name: str) -> JsonObject:
        job: JsonObject = self._ok(self.http.post(f"/api/admin/schedules/{name}/trigger"))
        return job

    def wait_for_job(self, job_id: str, timeout_seconds: float = 60.0) -> JsonObject:
        def finished() -> JsonObject | None:
            job: JsonObject = self._ok(self.http.get(f"/api/admin/jobs/{job_id}"))
            return job if job["status"] in FINISHED_JOB_STATUSES else None

        return self._until(finished, timeout_seconds, f"job {job_id} to finish")

    def wait_for_status(
        self,
        request_id: str,
        wanted: Collection[str],
        timeout_seconds: float,
        give_up_on: Collection[str] = (RequestStatus.FAILED, RequestStatus.CANCELLED),
    ) -> JsonObject:
        """Poll the request until its status is one of `wanted`; fail fast on `give_up_on`."""

        def reached() -> JsonObject | None:
            found = self.read_request(request_id)
            if found["status"] in give_up_on and found["status"] not in wanted:
                raise AssertionError(
                    f"request went {found['status']}: {found['error_message']}\n"
                    f"history: {statuses_of(found)}\n{self._describe_failure()}"
                )
            return found if found["status"] in wanted else None

        return self._until(reached, timeout_seconds, f"request {request_id} to be {set(wanted)}")

    def _until(
        self, check: Callable[[], JsonObject | None], timeout_seconds: float, what: str
    ) -> JsonObject:
        deadline = time.monotonic() + timeout_seconds
        while time.monotonic() < deadline:
            found = check()
            if found is not None:
                return found
            time.sleep(POLL_SECONDS)
        raise AssertionError(
            f"timed out after {timeout_seconds} s waiting for {what}\n{self._describe_failure()}"
        )


def statuses_of(request: JsonObject) -> list[str]:
    return [change["to_status"] for change in request["history"]]


def status_changed_at(request: JsonObject, status: str) -> datetime:
    """When the request last entered `status` (from its status history)."""
    times = [c["at"] for c in request["history"] if c["to_status"] == status]
    if not times:
        raise AssertionError(f"the request never became {status}: {statuses_of(request)}")
    return datetime.fromisoformat(times[-1])
