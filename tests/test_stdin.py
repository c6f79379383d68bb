"""Text from a pipe is one article (#13): ``show -``, ``search Q -``, and the reader with
its keys from the terminal."""

from __future__ import annotations

import contextlib
import os
import pty
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import REPO
from tests.ui.helpers import read_pty

PIPED = "Piped Notes\n\nThis text came through a pipe and is read as one article, whole.\n"


def _cli(*args: str, text: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "borderread", *args],
        input=text,
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )


def test_show_and_search_read_a_pipe() -> None:
    shown = _cli("show", "-", text=PIPED)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("Piped Notes\n") and "read as one article" in shown.stdout
    found = _cli("search", "pipe", "-", text=PIPED)
    assert found.returncode == 0 and "»pipe«" in found.stdout
    assert _cli("search", "absent-word", "-", text=PIPED).returncode == 1


def test_the_same_text_piped_again_is_the_same_article() -> None:
    first = _cli("list", "--tsv", "-", text=PIPED).stdout.split("\t")[0]
    again = _cli("list", "--tsv", "-", text=PIPED).stdout.split("\t")[0]
    other = _cli("list", "--tsv", "-", text=PIPED + "More.\n").stdout.split("\t")[0]
    assert first == again != other


def test_empty_input_is_a_clear_error() -> None:
    result = _cli("show", "-", text="")
    assert result.returncode == 2
    assert result.stderr.strip() == "borderread: standard input is empty"


def _run_reader_in_pty(command: str, expected: bytes) -> None:
    """Run ``command`` (a shell line) in a pseudo-terminal, wait for ``expected``, press q."""
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(REPO)
        os.execvpe("sh", ["sh", "-c", command], dict(os.environ, TERM="xterm-256color"))
    status = None
    try:
        output = read_pty(fd, 30, until=expected)
        assert expected in output
        output += read_pty(fd, 1.0)
        os.write(fd, b"q")
        deadline = time.monotonic() + 15
        while status is None and time.monotonic() < deadline:
            read_pty(fd, 0.2)
            done, code = os.waitpid(pid, os.WNOHANG)
            status = code if done else None
    finally:
        if status is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)
    assert status is not None and os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0


def test_the_reader_reads_a_pipe_and_takes_keys_from_the_terminal(tmp_path: Path) -> None:
    source = tmp_path / "input.txt"
    source.write_text(PIPED)
    state = shlex.quote(str(tmp_path / "state"))
    python = shlex.quote(sys.executable)
    _run_reader_in_pty(
        f"cat {shlex.quote(str(source))} | {python} -m borderread --state-dir {state}",
        b"Piped Notes",
    )


def test_nothing_on_standard_input_opens_the_usual_articles(tmp_path: Path) -> None:
    state = shlex.quote(str(tmp_path / "state"))
    python = shlex.quote(sys.executable)
    _run_reader_in_pty(f"{python} -m borderread --state-dir {state} < /dev/null", b"5 articles")
