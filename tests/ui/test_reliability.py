"""The app keeps what the user saved and tells them when it cannot (issue #9)."""

from __future__ import annotations

import contextlib
import json
import os
import pty
import signal
import struct
import sys
from pathlib import Path

import pytest
from textual.widgets import Static

from borderread.data.bookmarks import BookmarkStore
from borderread.ui import app as app_module
from borderread.ui.app import BorderreadApp, make_app
from borderread.ui.screens.note import NoteScreen
from borderread.ui.screens.search_results import PREVIEW_CHARS, SearchResultsScreen
from borderread.ui.widgets.bars import TitleBar
from tests.conftest import REPO, SEEDS
from tests.ui.helpers import read_pty, wait_ready

SIZE = (120, 34)


async def ready(pilot) -> BorderreadApp:  # type: ignore[no-untyped-def]
    app = await wait_ready(pilot)
    await app.workers.wait_for_complete()
    await pilot.pause()
    return app


@pytest.mark.parametrize("from_bookmarks_view", [False, True])
async def test_esc_while_editing_a_note_keeps_it(tmp_path: Path, from_bookmarks_view: bool) -> None:
    bookmarks = tmp_path / "bookmarks.json"
    app = make_app([SEEDS], tmp_path / "state", bookmarks)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("m")
        await pilot.pause()
        await pilot.press(*"keep me", "enter")
        await pilot.pause()
        if from_bookmarks_view:
            await pilot.press("B")
            await pilot.pause()
            await pilot.press("e")
        else:
            await pilot.press("m")  # on a bookmarked passage: edit or remove
            await pilot.pause()
            await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        await pilot.press("backspace", "backspace", "escape")
        await pilot.pause()
        await app.saver.drain()
    store = BookmarkStore(bookmarks)
    store.load()
    assert [b.note for b in store.bookmarks.values()] == ["keep me"]


async def test_a_failing_save_warns_once_and_says_when_it_recovers(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the bookmarks folder should be")
    app = make_app([SEEDS], tmp_path / "state", blocker / "bookmarks.json")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await ready(pilot)
        for _ in range(3):
            await pilot.press("m")
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("right_curly_bracket", "right_curly_bracket")
        await app.saver.drain()
        await pilot.pause()
        errors = [n for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1 and "Kept in memory" in errors[0].message
        assert "bookmarks" in app.query_one(TitleBar).warning
        blocker.unlink()  # the disk has room again
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("enter")
        await app.saver.drain()
        await pilot.pause()
        assert app.query_one(TitleBar).warning == ""
        assert any("works again" in n.message for n in app._notifications)
    assert len(json.loads((blocker / "bookmarks.json").read_text())["bookmarks"]) == 4


async def test_a_crash_exits_non_zero_and_keeps_the_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    app = make_app([SEEDS], tmp_path / "state", tmp_path / "bookmarks.json")
    app.cache_folder = tmp_path / "cache"

    def broken() -> None:
        raise RuntimeError("a bug in an action")

    monkeypatch.setattr(app, "action_outline", broken)
    with pytest.raises(RuntimeError):
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await pilot.press("t")
            await pilot.pause()
    assert app.return_code == 1
    assert app.crash_report is not None
    assert "a bug in an action" in app.crash_report.read_text()


async def test_the_preview_of_a_huge_one_line_paragraph_is_a_window(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    words = [
        "the",
        "border",
        "wall",
        "migrants",
        "crossed",
        "river",
        "desert",
        "asylum",
        "policy",
        "camp",
    ]
    line = " ".join(words[i % len(words)] for i in range(200_000))
    (folder / "huge.txt").write_text(f"Huge\n\n{line}\n")
    app = make_app([folder], tmp_path / "state", tmp_path / "bookmarks.json")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("s", *"border")
        screen = app.screen
        assert isinstance(screen, SearchResultsScreen)
        for _ in range(200):
            await pilot.pause(0.05)
            if screen._query == "border":
                break
        assert screen._hits and len(screen._hits[0].spans) <= 200  # not every occurrence
        preview = str(screen.query_one("#preview-text", Static).content)
        assert "border" in preview and len(preview) < PREVIEW_CHARS + 200


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_terminating_signal_saves_and_restores_the_terminal(tmp_path: Path, signum: int) -> None:
    import fcntl
    import termios

    state = tmp_path / "state"
    pid, fd = pty.fork()
    if pid == 0:
        env = dict(os.environ, TERM="xterm-256color")
        os.chdir(REPO)
        os.execvpe(
            sys.executable,
            [sys.executable, "-m", "borderread", str(SEEDS), "--state-dir", str(state)],
            env,
        )
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    try:
        output = read_pty(fd, 60, until=b"Search all")
        assert b"Search all" in output, "the app never drew its key bar"
        output += read_pty(fd, 1.0)  # the rest of the first screen (it lists every title)
        os.write(fd, b"]")  # something to remember: another article
        after = read_pty(fd, 10, until=b"Immigration Crisis")  # its line drawn again
        assert b"Immigration Crisis" in after
        output += after
        os.kill(pid, signum)
        output += read_pty(fd, 15, until=b"\x1b[?1049l")
        _, status = os.waitpid(pid, 0)
    finally:
        with contextlib.suppress(ProcessLookupError, ChildProcessError):
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        os.close(fd)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 128 + signum
    if signum == signal.SIGTERM:  # on a hang-up the terminal is gone: nothing to restore
        assert b"\x1b[?1049l" in output  # left the alternate screen
    saved = json.loads((state / "state.json").read_text())
    assert saved["last_article"] == "001_256f042c0728b39f.txt"


async def test_a_screen_closed_twice_in_one_turn_closes_once(tmp_path: Path) -> None:
    """Two Enters queued in the note box (found by the fuzz test, seed 625970924): the
    second dismissal popped the screen under it or crashed the app."""
    from textual.widgets import Input

    app = make_app([SEEDS], tmp_path / "state", tmp_path / "bookmarks.json")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("m")
        await pilot.pause()
        note = app.screen
        assert isinstance(note, NoteScreen)
        box = note.query_one(Input)
        note._save(Input.Submitted(box, "first"))
        note._save(Input.Submitted(box, "second"))
        await pilot.pause()
        await pilot.press("f1")  # the help screen, closed twice as well
        await pilot.pause()
        help_screen = app.screen
        help_screen.action_close()  # type: ignore[attr-defined]
        help_screen.action_close()  # type: ignore[attr-defined]
        await pilot.pause()
        assert app.is_running and app.screen is app.screen_stack[0]
        await app.saver.drain()
    store = BookmarkStore(tmp_path / "bookmarks.json")
    store.load()
    assert [b.note for b in store.bookmarks.values()] == ["first"]


async def test_quitting_as_the_first_frame_is_painted_is_no_crash(tmp_path: Path) -> None:
    """A quit (a key or a signal) handled in the same turn as the first paint: the app
    went on to mount the search prompt into a pane already taken down, and crashed."""

    class QuitAtOnce(BorderreadApp):
        CSS_PATH = str(Path(app_module.__file__).parent / str(BorderreadApp.CSS_PATH))

        def _after_first_paint(self) -> None:
            self.exit()
            super()._after_first_paint()

    app = QuitAtOnce([SEEDS], tmp_path / "state", tmp_path / "bookmarks.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    assert app.crash_report is None
    assert app.return_code == 0
