"""A configured Earmark (fake Prowlarr, real job runner) for pipeline tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from earmark.demo.fakes.prowlarr import FakeProwlarr
from earmark.demo.fakes.server import serve_app
from earmark.jobs.registry import job_registry
from earmark.queue.runner import JobRunner
from earmark.wiring import Services


@dataclass
class Pipeline:
    services: Services
    prowlarr: FakeProwlarr
    runner: JobRunner

    def drain(self, limit: int = 50) -> int:
        """Run queued jobs that are due now until none is left; returns how many ran."""
        ran = 0
        while ran < limit and self.runner.run_next("test-worker"):
            ran += 1
        return ran


@pytest.fixture
def pipeline(services: Services) -> Iterator[Pipeline]:
    fake = FakeProwlarr()
    fake.add_indexer(1, "AudioBookBay")
    with serve_app(fake.app()) as url:
        services.config.set_many(
            {
                "indexer.prowlarr_url": url,
                "indexer.prowlarr_api_key": fake.api_key,
                "indexer.prowlarr_indexers": [{"id": 1, "name": "AudioBookBay", "priority": 10}],
            }
        )
        runner = JobRunner(
            services.sessions, job_registry(), resources=services, clock=services.clock
        )
        yield Pipeline(services, fake, runner)
