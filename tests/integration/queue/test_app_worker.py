"""The app's lifespan runs the in-process worker, which routes jobs to the real handlers."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

from earmark.app import create_app
from earmark.db.engine import transaction
from earmark.jobs import enqueue_job
from earmark.jobs.payloads import RetryMissingTorrents
from earmark.queue.models import Job
from earmark.settings import BootSettings
from earmark.wiring import Services


def test_app_with_worker_runs_queued_job_through_registry(
    boot_settings: BootSettings, services: Services
) -> None:
    settings = boot_settings.model_copy(update={"run_worker": True, "worker_threads": 1})
    with transaction(services.sessions) as session:
        job_id = enqueue_job(session, RetryMissingTorrents(), now=services.clock.now()).id
    with TestClient(create_app(settings, services)):
        deadline = time.monotonic() + 15
        status = "pending"
        while status not in {"completed", "failed"} and time.monotonic() < deadline:
            time.sleep(0.1)
            with services.sessions() as session:
                job = session.get(Job, job_id)
                assert job is not None
                status, result = job.status, job.result
    assert status == "completed"
    assert result == {"total_requests": 0, "triggered": 0}
