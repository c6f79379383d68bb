"""Article text, titles and file names are data: nothing in them is interpreted."""

from __future__ import annotations

import contextlib
import os
import pty
import struct
import sys
import time
from pathlib import Path

import pytest

from borderread.ui.app import make_app
from borderread.ui.widgets.article_list import ArticleList
from tests.ui.helpers import read_pty, screen_text, wait_ready

TITLE = "Hostile [bold]title[/bold] [@click=app.quit]click me[/] [link=https://evil]x[/link]"
BODY = (
    "Window title \x1b]0;PWNED\x07 clipboard \x1b]52;c;SGVsbG8=\x07 clear \x1b[2J home \x1b[H "
    "colour \x1b[31mred\x1b[0m bell \x07 bidi \u202edesrever\u202c csi8 \x9b2J backspace \x08 "
    "and [@click=app.quit]markup[/] in the body, long enough to be a paragraph."
)
PAYLOADS = [
    b"\x1b]0;PWNED",
    b"\x1b]52;c;",
    b"\x1b[31mred",
    "\u202e".encode(),
    "\x9b".encode(),
    b"\x07 csi8",
]


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "evil [b]name \x1b[31m.txt").write_text(f"{TITLE}\n\n{BODY}\n", encoding="utf-8")
    return folder


async def test_markup_and_escapes_show_literally_in_the_app(hostile: Path, tmp_path: Path) -> None:
    app = make_app([hostile], tmp_path / "state", tmp_path / "bookmarks.json")
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_ready(pilot)
        text = screen_text(app)
        assert "[bold]title[/bold] [@click=app.quit]click me[/]" in text
        assert "␛]0;PWNED␇" in text and "␛[2J" in text and "\ufffddesrever\ufffd" in text
        for payload in ("\x1b", "\x07", "\u202e", "\x9b"):
            assert payload not in text
        listed = "".join(app.query_one(ArticleList).render_line(y).text for y in range(2))
        assert "[@click=app.quit]click me" in listed
        status = str(app.query_one("#status").render())
        assert "[bold]title[/bold]" in status
        await pilot.click(ArticleList, offset=(20, 0))  # clicking the "link" does nothing
        await pilot.click("#reader", offset=(30, 0))
        await pilot.pause()
        assert app.is_running


def test_no_escape_sequence_from_an_article_reaches_the_terminal(
    hostile: Path, tmp_path: Path
) -> None:
    """Run the real app in a pseudo-terminal and check every byte it writes."""
    import fcntl
    import termios

    pid, fd = pty.fork()
    if pid == 0:  # the child: the real borderread command
        env = dict(os.environ, TERM="xterm-256color", COLUMNS="100", LINES="30")
        os.execvpe(
            sys.executable,
            [
                sys.executable,
                "-m",
                "borderread",
                str(hostile),
                "--bookmarks",
                str(tmp_path / "bookmarks.json"),
                "--state-dir",
                str(tmp_path / "state"),
            ],
            env,
        )
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    output = b""
    try:
        deadline = time.monotonic() + 30
        while "␛]0;PWNED".encode() not in output and time.monotonic() < deadline:
            output += read_pty(fd, 0.5)
        os.write(fd, b"a")  # show the set-apart text too, then the original
        output += read_pty(fd, 1.0)
        os.write(fd, b"r")
        output += read_pty(fd, 1.0)
        os.write(fd, b"q")
        output += read_pty(fd, 5.0)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)
    assert "␛]0;PWNED".encode() in output, "the hostile article was never displayed"
    for payload in PAYLOADS:
        assert payload not in output, payload
