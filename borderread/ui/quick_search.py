"""Where a search-as-you-type runs: at once, on the UI thread, while searches prove quick.

A search in a worker posts its results back, and they are drawn in the frame after the one
that shows the typed key (~8–17 ms later, and a thread hop). A search known to take a few
milliseconds is cheaper run while the key is handled: the key and its results share a
frame. One that runs past ``QUICK_LIMIT`` there is abandoned for a worker.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.message_pump import MessagePump
from textual.timer import Timer

QUICK = 0.008
"""Seconds: a search that took less is quick, and the next (of the same thing) runs at once."""
QUICK_LIMIT = 0.025
"""Seconds a search on the UI thread may take before it is left to a worker."""
SAY_SEARCHING_AFTER = 0.3
"""Seconds a search may take before the screen says it is searching: said at once, the
word would only flash between two sets of results at each key."""


class SearchTimes:
    """How long the last search of each thing (an article, the collection) took."""

    def __init__(self) -> None:
        self._took: dict[str, float] = {}

    def is_quick(self, key: str) -> bool:
        """Whether the next search of ``key`` should run at once."""
        took = self._took.get(key)
        return took is not None and took < QUICK

    def record(self, key: str, started: float) -> None:
        """A search of ``key`` begun at ``started`` (``time.perf_counter()``) ran to its
        end now (any thread)."""
        self._took[key] = time.perf_counter() - started

    def forget(self, key: str) -> None:
        """A search of ``key`` on the UI thread ran too long: the next goes to a worker."""
        self._took.pop(key, None)


def deadline() -> Callable[[], bool]:
    """A ``should_stop`` for a search on the UI thread: true once it has run too long."""
    end = time.perf_counter() + QUICK_LIMIT
    return lambda: time.perf_counter() > end


class Later:
    """One call waiting on a timer (the rest of the results, "searching…"): set again, the
    earlier one is dropped."""

    def __init__(self) -> None:
        self._timer: Timer | None = None

    @property
    def pending(self) -> bool:
        return self._timer is not None

    def call(self, owner: MessagePump, delay: float, callback: Callable[[], object]) -> None:
        """Call ``callback`` in ``delay`` seconds, unless stopped or set again first."""
        self.stop()

        def run() -> None:
            self._timer = None
            callback()

        self._timer = owner.set_timer(delay, run)

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
