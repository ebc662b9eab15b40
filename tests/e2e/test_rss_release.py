"""Scenario 5: no acceptable release → `awaiting_search` with a reason; an RSS item then fits."""

from __future__ import annotations

import pytest

from earmark.demo.client import statuses_of
from earmark.demo.fakes.prowlarr import FakeRelease
from earmark.demo.releases import ReleaseSpec, publish_release
from earmark.demo.stack import PROWLARR_INDEXER_ID
from tests.e2e.checks import assert_in_order, record_timing
from tests.e2e.conftest import TimingReport, World

pytestmark = pytest.mark.e2e


def test_no_acceptable_release_waits_then_rss_item_is_grabbed(
    postgres_world: World, timings: TimingReport
) -> None:
    world, stack = postgres_world, postgres_world.stack
    book = world.book(4)
    # Same title, another author: found by the title-only query, refused by the ranking.
    impostor = f"Someone Else - {book.title} [MP3]"
    stack.prowlarr.add_release(
        FakeRelease(title=impostor, indexer_id=PROWLARR_INDEXER_ID, file_id="impostor")
    )

    created = world.admin.request_book(book.asin)
    waiting = world.admin.wait_for_status(created["id"], {"awaiting_search"}, timeout_seconds=60)
    assert f"The closest was '{impostor}'" in (waiting["error_message"] or "")

    release = publish_release(stack, book, ReleaseSpec(in_search=False, in_rss=True))
    job = world.admin.trigger_schedule("monitor_rss_feeds")
    finished = world.admin.wait_for_job(job["id"])
    assert finished["status"] == "completed" and finished["result"]["matched"] == 1, finished
    done = world.admin.wait_for_status(created["id"], {"available"}, timeout_seconds=150)

    # Changes made in one job share its timestamp, so the history orders only across jobs.
    assert "awaiting_search" in statuses_of(done)
    assert_in_order(statuses_of(done), ["downloading", "processing", "downloaded", "available"])
    assert done["error_message"] is None
    record_timing(timings, "rss_item_after_waiting", world, done, release)
