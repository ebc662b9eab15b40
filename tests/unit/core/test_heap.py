"""Start-up pauses the collector, freezes the heap it built, then collects the young less often."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from earmark.core.heap import YOUNG_COLLECTION_THRESHOLD, settle_after_startup, starting_up


@pytest.fixture
def restored_gc() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


@pytest.mark.usefixtures("restored_gc")
def test_settle_after_startup_freezes_heap_and_raises_young_threshold() -> None:
    gc.unfreeze()
    _, middle, old = gc.get_threshold()
    settle_after_startup()
    assert gc.get_freeze_count() > 1000  # at least the imported modules' objects
    assert gc.get_threshold() == (YOUNG_COLLECTION_THRESHOLD, middle, old)
    assert gc.isenabled()


@pytest.mark.usefixtures("restored_gc")
def test_starting_up_pauses_the_collector_then_freezes_what_was_built() -> None:
    gc.unfreeze()
    with starting_up():
        assert not gc.isenabled()
        built = [[n] for n in range(2000)]  # tracked objects made during start-up
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(built)
    assert gc.get_threshold()[0] == YOUNG_COLLECTION_THRESHOLD


@pytest.mark.usefixtures("restored_gc")
def test_a_failed_start_up_resumes_the_collector_without_freezing() -> None:
    gc.unfreeze()
    with pytest.raises(RuntimeError), starting_up():
        raise RuntimeError("settings refused")
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
