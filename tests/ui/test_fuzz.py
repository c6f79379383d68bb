"""Fuzz the real app in a pseudo-terminal on a folder of hostile files (issue #9).

Bounded: about half a minute of seeded random keys (the seed is printed on failure) and
resizes, then quit. Asserts no traceback, exit status 0, no byte from a file reaching the
terminal as a control sequence, and state and bookmarks files that reload without a
complaint and with the bookmark made at the start intact.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import pty
import random
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path

from borderread.data.bookmarks import BookmarkStore
from borderread.data.state import StateStore
from tests.conftest import REPO, SEEDS
from tests.ui.helpers import read_pty

FUZZ_SECONDS = 30.0
PAYLOADS = [
    b"\x1b]0;PWNED",
    b"\x1b]52;c;",
    b"\x1b[31mred",
    b"\x07BELL",
    "\x9b2J".encode(),
    "\u202edesrever".encode(),
    "zero\u200bwidth".encode(),
]
HOSTILE_TEXT = (
    "Window \x1b]0;PWNED\x07 clip \x1b]52;c;SGVsbG8=\x07 colour \x1b[31mred\x1b[0m \x07BELL "
    "csi8 \x9b2J bidi \u202edesrever\u202c zero\u200bwidth tag\U000e0041 "
    "[bold]markup[/bold] [@click=app.quit]click[/] and enough words to make a paragraph."
)
KEYS = [
    "j", "k", " ", "b", "u", "g", "G", "}", "{", "]", "[", "n", "N", "r", "a", "+", "-",
    "&", "t", "s", "B", "m", "/", "?", "\x1b", "\r", "\x1b[A", "\x1b[B", "\x1b[6~", "\x1b[5~",
    "\x02",  # ctrl+b
    "o", "w", "\u00e9", "\x9b", "[b]",
]  # fmt: skip
"""Keys to press: 'd', 'x' and 'e' are left out so that no bookmark is removed or edited,
and 'q' and tab (the filter box) so the run ends only when the test says."""


def _hostile_folder(root: Path) -> Path:
    folder = root / "hostile"
    folder.mkdir()
    names = [
        os.fsdecode(b"latin1-caf\xe9.txt"),
        "esc \x1b[31mred\x1b[0m.txt",
        "bell\x07 and tab\t.txt",
        "[bold]markup [@click=app.quit]x [link=https:x]y.txt",
        "bidi \u202eevil\u202c.txt",
        "zero\u200bwidth.md",
        os.fsdecode(b"c1 \xc2\x9b csi.txt"),
        os.fsdecode(b"bad utf8 \xff\xfe.txt"),
    ]
    for index, name in enumerate(names):
        (folder / name).write_text(
            f"Title {index} {HOSTILE_TEXT}\n\n{HOSTILE_TEXT}\n\n{HOSTILE_TEXT}\n"
        )
    (folder / "huge-line.txt").write_text("Huge\n\n" + ("border wall " * 90_000) + "\n")
    (folder / "cr-only.txt").write_bytes(b"Old Mac\r\rA paragraph\rwrapped.\r\rAnother one.\r")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "empty.txt").write_bytes(b"")
    os.mkfifo(folder / "fifo.txt")
    (folder / "loop").symlink_to(folder)
    (folder / "outside.txt").symlink_to("/etc/passwd")
    (folder / "dangling.txt").symlink_to(folder / "nowhere")
    deep = folder
    for _ in range(60):
        deep = deep / "n"
    deep.mkdir(parents=True)
    (deep / "deep.txt").write_text(f"Deep\n\n{HOSTILE_TEXT}\n")
    (folder / "seed.txt").write_bytes((SEEDS / "000_a531a031a9ba92fe.txt").read_bytes())
    return folder


def _resize(fd: int, pid: int, rows: int, cols: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGWINCH)


def _send(fd: int, pid: int, data: bytes, seed: int, output: bytes = b"") -> bytes:
    """Type ``data`` and return what the app wrote meanwhile; fail (never hang) if the app
    stopped reading its keys. The app's output is read while waiting: with the terminal's
    buffer full the app would wait for the test, and the test for the app."""
    drained = b""
    deadline = time.monotonic() + 10.0
    while True:
        readable, writable, _ = select.select([fd], [fd], [], 0.2)
        if readable:
            with contextlib.suppress(OSError):
                drained += os.read(fd, 1 << 16)
        if writable:
            break
        if time.monotonic() > deadline:
            tail = (output + drained)[-3000:]
            raise AssertionError(f"seed {seed}: the app stopped reading keys: {tail!r}")
    _check_running(fd, pid, seed, output + drained)
    os.write(fd, data)
    return drained


def _check_running(fd: int, pid: int, seed: int, output: bytes) -> None:
    """Fail with the exit status and the last output if the app has exited."""
    status = _wait_exit(pid, 0)
    if status is not None:
        tail = (output + read_pty(fd, 0.2))[-3000:]
        raise AssertionError(f"seed {seed}: the app exited by itself ({status=}): {tail!r}")


def _wait_exit(pid: int, seconds: float) -> int | None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(0.05)
    return None


def test_random_keys_on_hostile_files(tmp_path: Path) -> None:
    # A fixed seed in CI (these passed); BORDERREAD_FUZZ_SEED=random explores others.
    chosen = os.environ.get("BORDERREAD_FUZZ_SEED", "1")
    seed = random.randrange(1 << 30) if chosen == "random" else int(chosen)
    rng = random.Random(seed)
    folder = _hostile_folder(tmp_path)
    state, bookmarks = tmp_path / "state", tmp_path / "bookmarks.json"
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(REPO)
        env = dict(os.environ, TERM="xterm-256color")
        args = [str(folder), "--state-dir", str(state), "--bookmarks", str(bookmarks)]
        os.execvpe(sys.executable, [sys.executable, "-m", "borderread", *args], env)
    _resize(fd, pid, 30, 100)
    output = b""
    status: int | None = None
    try:
        output += read_pty(fd, 1.0)
        deadline = time.monotonic() + 60
        while b"Search all" not in output and time.monotonic() < deadline:
            output += read_pty(fd, 0.5)
        assert b"Search all" in output, f"seed {seed}: the app never drew its key bar"
        for key in ("m", *"first-note", "\r"):  # a bookmark that must survive the run
            output += _send(fd, pid, key.encode(), seed)
            output += read_pty(fd, 0.15)
        output += read_pty(fd, 1.0)
        end = time.monotonic() + FUZZ_SECONDS
        while time.monotonic() < end:
            if rng.random() < 0.04:
                _resize(fd, pid, rng.randint(8, 60), rng.randint(30, 200))
            else:
                output += _send(fd, pid, rng.choice(KEYS).encode(), seed, output)
            output += read_pty(fd, rng.choice((0.0, 0.02, 0.08)))
            _check_running(fd, pid, seed, output)
        for _ in range(3):  # close any prompt or screen, then quit
            for _ in range(4):
                output += _send(fd, pid, b"\x1b", seed)
                output += read_pty(fd, 0.4)
            output += _send(fd, pid, b"q", seed)
            status = _wait_exit(pid, 10)
            output += read_pty(fd, 0.2)
            if status is not None:
                break
    finally:
        if status is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):  # reaped by _wait_exit already
                os.waitpid(pid, 0)
        os.close(fd)
    assert status is not None, f"seed {seed}: the app did not quit"
    assert b"Traceback" not in output, f"seed {seed}: {output[-3000:]!r}"
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, f"seed {seed}"
    assert "␛]0;PWNED".encode() in output, f"seed {seed}: no hostile text was ever shown"
    for payload in PAYLOADS:
        assert payload not in output, (seed, payload)
    _, notice = StateStore(state).load()
    assert notice is None, (seed, notice)
    json.loads((state / "state.json").read_text())
    store = BookmarkStore(bookmarks)
    assert store.load() == [], seed
    assert "first-note" in {b.note for b in store.bookmarks.values()}, seed
