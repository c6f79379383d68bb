"""End to end: the real `borderread` command in tmux, driven by keys, read from the screen."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

SOCKET = f"borderread-test-{os.getpid()}"

if shutil.which("tmux") is None:
    if os.environ.get("CI"):
        raise RuntimeError("tmux is required in CI (.ci/run installs it)")
    pytest.skip("tmux is not installed (apt-get install tmux)", allow_module_level=True)


def tmux(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True, timeout=30)


def screen() -> str:
    return tmux("capture-pane", "-p", "-t", "e2e").stdout


def wait_for(condition: Callable[[str], bool], what: str, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        text = screen()
        if condition(text):
            return text
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}; screen was:\n{screen()}")


def wait_stable(condition: Callable[[str], bool], what: str, seconds: float = 30) -> str:
    """The screen once ``condition`` holds and it stopped changing (keys all handled)."""
    deadline = time.monotonic() + seconds
    last = ""
    while time.monotonic() < deadline:
        now = screen()
        if now == last and condition(now):
            return now
        last = now
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}; screen was:\n{screen()}")


def wait_until_quit(seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while running() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not running(), "q did not quit"


def start(state: Path) -> None:
    command = (
        f"{sys.executable} -m borderread --state-dir {state} --bookmarks {state / 'bookmarks.json'}"
    )
    # The previous test's server may still be going away ("server exited unexpectedly"
    # when a client reaches it then): try again for a moment, as bench/tmux_timing does.
    for _attempt in range(10):
        result = tmux("new-session", "-d", "-s", "e2e", "-x", "110", "-y", "30", command)
        if result.returncode == 0:
            return
        time.sleep(0.3)
    raise AssertionError(f"tmux could not start the app: {result.stderr}")


def running() -> bool:
    return tmux("has-session", "-t", "e2e").returncode == 0


@pytest.fixture
def session() -> Iterator[None]:
    yield
    tmux("kill-server")


def test_read_quit_and_come_back_to_the_same_place(tmp_path: Path, session: None) -> None:
    state = tmp_path / "state"
    start(state)
    wait_for(
        lambda s: "The U.S.-Mexico border is the largest" in s and "5 articles" in s,
        "the first article and the full list",
    )
    tmux("send-keys", "-t", "e2e", "]")
    wait_for(lambda s: "La Izquierda Diario MX · 2025-01-19" in s, "the second article")
    tmux("send-keys", "-t", "e2e", "space", "j", "j", "}")
    before = wait_stable(lambda s: "La Izquierda Diario MX" not in s.splitlines()[1], "paging")
    top_line = before.splitlines()[1].split("▕")[-1].strip()
    assert top_line and "La Izquierda" not in top_line
    tmux("send-keys", "-t", "e2e", "q")
    wait_until_quit()
    assert (state / "state.json").is_file()

    start(state)
    after = wait_for(lambda s: top_line in s, "the restored reading position")
    assert after.splitlines()[1].split("▕")[-1].strip() == top_line
    tmux("send-keys", "-t", "e2e", "F1")
    wait_for(lambda s: "Next paragraph" in s, "the help screen")
    tmux("send-keys", "-t", "e2e", "Escape")
    wait_for(lambda s: "Next paragraph" not in s, "the help screen to close")

    # search, bookmark the hit with a note, quit, and find the bookmark again
    tmux("send-keys", "-t", "e2e", "/")
    tmux("send-keys", "-t", "e2e", "-l", "sheinbam")  # typed at once, as a person would
    wait_for(lambda s: "1/2" in s, "the match count")
    tmux("send-keys", "-t", "e2e", "Enter")
    tmux("send-keys", "-t", "e2e", "m")
    wait_for(lambda s: "Enter saves" in s, "the note prompt")
    tmux("send-keys", "-t", "e2e", "-l", "her plan")
    tmux("send-keys", "-t", "e2e", "Enter")
    wait_for(lambda s: "★" in s, "the bookmark marker")
    tmux("send-keys", "-t", "e2e", "q")
    wait_until_quit()
    saved = json.loads((state / "bookmarks.json").read_text())["bookmarks"]
    assert [(b["anchor"]["exact"], b["note"]) for b in saved] == [("Sheinbaum", "her plan")]

    start(state)
    wait_for(lambda s: "★" in s and "5 articles" in s, "the marker after a restart")
    tmux("send-keys", "-t", "e2e", "B")
    wait_for(lambda s: "her plan" in s and "Sheinbaum" in s, "the bookmarks view")
    tmux("send-keys", "-t", "e2e", "Escape", "q")


def test_closing_the_terminal_saves_and_ends_the_app(tmp_path: Path, session: None) -> None:
    """tmux kill-server closes the terminal (SIGHUP): no process may be left behind."""
    state = tmp_path / "state"
    start(state)
    wait_for(lambda s: "5 articles" in s, "the app")
    pid = int(tmux("display-message", "-p", "-t", "e2e", "#{pane_pid}").stdout.strip())
    tmux("send-keys", "-t", "e2e", "]")
    wait_for(lambda s: "La Izquierda Diario MX · 2025-01-19" in s, "the second article")
    tmux("kill-server")
    deadline = time.monotonic() + 20
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(pid), "the app outlived its terminal"
    saved = json.loads((state / "state.json").read_text())
    assert saved["last_article"] == "001_256f042c0728b39f.txt"


def _alive(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "State:\tZ" not in status.read_text()
