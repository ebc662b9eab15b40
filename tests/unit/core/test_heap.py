"""settle_after_startup freezes the start-up heap and collects the young generation less often."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from earmark.core.heap import YOUNG_COLLECTION_THRESHOLD, settle_after_startup


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
