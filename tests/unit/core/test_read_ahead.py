"""read_ahead: order kept, errors where they happened, bounded look-ahead, clean early stop."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from earmark.core.read_ahead import read_ahead


def test_read_ahead_yields_everything_in_order() -> None:
    assert list(read_ahead(lambda: iter(range(100)), 3, "t")) == list(range(100))


def test_read_ahead_empty_producer_yields_nothing() -> None:
    assert list(read_ahead(lambda: iter(()), 2, "t")) == []


def test_read_ahead_error_is_raised_after_the_items_before_it() -> None:
    def produce() -> Iterator[int]:
        yield 1
        yield 2
        raise ConnectionError("page 3 failed")

    seen: list[int] = []
    with pytest.raises(ConnectionError, match="page 3 failed"):
        for value in read_ahead(produce, 4, "t"):
            seen.append(value)
    assert seen == [1, 2]


def test_read_ahead_never_runs_more_than_depth_ahead() -> None:
    produced: list[int] = []

    def produce() -> Iterator[int]:
        for value in range(50):
            produced.append(value)
            yield value

    items = read_ahead(produce, 3, "t")
    assert next(items) == 0
    time.sleep(0.3)  # ample time for the producer to run as far as it is allowed
    # Item 0 is taken, 3 wait in the queue, and one more may be made and held for the queue.
    assert len(produced) <= 5
    items.close()


def test_read_ahead_consumer_stopping_early_stops_and_joins_the_producer() -> None:
    stopped = threading.Event()

    def produce() -> Iterator[int]:
        try:
            value = 0
            while True:
                yield value
                value += 1
        finally:
            stopped.set()

    for value in read_ahead(produce, 2, "early-stop"):
        if value == 5:
            break
    assert stopped.wait(5), "the producer kept running after the consumer stopped"
    assert not any(t.name == "early-stop" for t in threading.enumerate())
