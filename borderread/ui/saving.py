"""The app's file work (the bookmarks store, the state file), one job at a time, in order,
off the event loop.

A save takes a lock (another copy may hold it for seconds), rewrites a file and fsyncs it
twice: never on the UI thread. Jobs run on one thread, so they keep the order they were
asked in and the bookmarks store is only ever touched from there. Each job's result comes
back as a :class:`SaveDone` message (``post_message`` is thread-safe and never blocks), so
the UI shows a change at once and confirms or warns when its save is done. Quitting waits
for what is pending.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple, Protocol

from textual.message import Message

if TYPE_CHECKING:  # its module (and queue's) are imported with the first job, not at start-up
    from concurrent.futures import ThreadPoolExecutor


class SaveOutcome(NamedTuple):
    """How one save went: ``saved`` (reached the file) or not, and what to tell."""

    saved: bool
    message: str | None
    read_only: bool = False


class SaveDone(Message):
    """A job finished: ``kind`` says whose (``"bookmarks"``, ``"reading positions"``...)."""

    def __init__(self, kind: str, result: object) -> None:
        super().__init__()
        self.kind = kind
        self.result = result


class Target(Protocol):
    """Where results go (the app): ``post_message`` is safe from any thread."""

    def post_message(self, message: Message) -> bool: ...


class Saver:
    """Runs file jobs in order on one thread; results go to ``target`` as messages."""

    def __init__(self, target: Target) -> None:
        self._target = target
        self._executor: ThreadPoolExecutor | None = None
        """The saving thread, started with the first job."""
        self._closed = False

    def _thread(self) -> ThreadPoolExecutor:
        if self._executor is None:
            from concurrent.futures import ThreadPoolExecutor

            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="borderread-save")
        return self._executor

    def submit(self, kind: str, job: Callable[[], object]) -> None:
        """Run ``job`` after every job submitted before it; post its result."""
        if self._closed:
            self._run(kind, job)  # closing: run here rather than lose the change
            return
        self._thread().submit(self._run, kind, job)

    def _run(self, kind: str, job: Callable[[], object]) -> None:
        try:
            result: object = job()
        except Exception as error:  # the stores never raise; a bug must not lose the thread
            result = SaveOutcome(False, f"Could not save {kind}: {type(error).__name__}: {error}")
        self._target.post_message(SaveDone(kind, result))

    def wait(self) -> None:
        """Block until every job submitted so far has run."""
        if not self._closed and self._executor is not None:
            self._executor.submit(lambda: None).result()

    async def drain(self) -> None:
        """Wait, without blocking the event loop, until every job so far has run."""
        await asyncio.to_thread(self.wait)

    def close(self) -> None:
        """Run what is pending, then stop taking jobs on the thread."""
        self._closed = True
        if self._executor is not None:
            self._executor.shutdown(wait=True)
