"""Run a producer in a background thread, a bounded number of items ahead of its consumer.

For I/O-bound producers (paged HTTP listings): the next pages are fetched while the caller
works through the current one, and memory stays bounded by `depth`.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from typing import TypeVar, cast

T = TypeVar("T")

_END = object()


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


def read_ahead(produce: Callable[[], Iterator[T]], depth: int, name: str) -> Iterator[T]:
    """Yield what `produce()` yields, in order, computed up to `depth` items ahead.

    An exception in the producer is raised in the consumer at the point it happened. When the
    consumer stops early (break, exception, close), the producer is stopped after its current
    item and the thread is joined before this generator returns.
    """
    items: queue.Queue[object] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def offer(item: object) -> bool:
        # A blocking put that gives up once the consumer has gone away.
        while not stop.is_set():
            try:
                items.put(item, timeout=0.1)
            except queue.Full:
                continue
            return True
        return False

    def run() -> None:
        try:
            for item in produce():
                if not offer(item):
                    return
        except BaseException as exc:  # handed to the consumer, which re-raises it
            offer(_Failed(exc))
            return
        offer(_END)

    worker = threading.Thread(target=run, name=name, daemon=True)
    worker.start()
    try:
        while True:
            item = items.get()
            if item is _END:
                return
            if isinstance(item, _Failed):
                raise item.error
            yield cast(T, item)
    finally:
        stop.set()
        worker.join()
