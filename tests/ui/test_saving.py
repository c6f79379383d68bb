"""Saves run off the event loop, one at a time and in order; quitting waits for them."""

from __future__ import annotations

import functools
import threading
import time
from pathlib import Path

import pytest
from textual.message import Message

from borderread.data.bookmarks import BookmarkStore
from borderread.ui.app import make_app
from borderread.ui.saving import SaveDone, Saver
from tests.conftest import SEEDS
from tests.ui.helpers import wait_ready


class Recorder:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    def post_message(self, message: Message) -> bool:
        self.messages.append(message)
        return True


def test_jobs_run_in_order_on_one_other_thread_and_post_their_results() -> None:
    recorder = Recorder()
    saver = Saver(recorder)
    threads: list[str] = []

    def job(n: int) -> int:
        threads.append(threading.current_thread().name)
        time.sleep(0.01 * (5 - n))  # later jobs are quicker: order must not depend on it
        return n

    for n in range(5):
        saver.submit("kind", functools.partial(job, n))
    saver.wait()
    results = [m.result for m in recorder.messages if isinstance(m, SaveDone)]
    assert results == [0, 1, 2, 3, 4]
    assert len(set(threads)) == 1 and threads[0] != threading.current_thread().name
    saver.close()
    saver.submit("kind", lambda: "after close")  # still runs: a change is never dropped
    assert isinstance(recorder.messages[-1], SaveDone)
    assert recorder.messages[-1].result == "after close"


def test_a_failing_job_reports_and_the_thread_goes_on() -> None:
    recorder = Recorder()
    saver = Saver(recorder)

    def broken() -> None:
        raise RuntimeError("bug")

    saver.submit("bookmarks", broken)
    saver.submit("bookmarks", lambda: "next")
    saver.wait()
    first, second = (m for m in recorder.messages if isinstance(m, SaveDone))
    assert "bug" in str(first.result) and second.result == "next"


async def test_a_slow_bookmark_save_does_not_hold_up_the_screen_and_quit_waits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_save = BookmarkStore.save
    saving_threads: list[threading.Thread] = []
    go_on = threading.Event()

    def slow_save(self: BookmarkStore) -> str | None:
        saving_threads.append(threading.current_thread())
        go_on.wait(10)  # a lock held by another copy, a slow disk: until the test says
        return real_save(self)

    monkeypatch.setattr(BookmarkStore, "save", slow_save)
    bookmarks = tmp_path / "bookmarks.json"
    app = make_app([SEEDS], tmp_path / "state", bookmarks)
    async with app.run_test(size=(120, 34)) as pilot:
        await wait_ready(pilot)
        await app.saver.drain()
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("enter")
        assert app.reader.marks and not bookmarks.exists()  # shown before it is saved
        threading.Timer(0.3, go_on.set).start()  # the disk answers while quit waits
        await app.action_quit()  # waits for the pending save
    assert saving_threads and all(t is not threading.main_thread() for t in saving_threads)
    store = BookmarkStore(bookmarks)
    store.load()
    assert len(store.bookmarks) == 1
