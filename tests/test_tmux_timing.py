"""The benches' tmux session: keys sent and the screen read through one control client."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from bench.tmux_timing import Session

if shutil.which("tmux") is None:
    if os.environ.get("CI"):
        raise RuntimeError("tmux is required in CI (.ci/run installs it)")
    pytest.skip("tmux is not installed (apt-get install tmux)", allow_module_level=True)

ECHO = f"{sys.executable} -c \"import sys; [print('got', repr(l)) for l in sys.stdin]\""


@pytest.mark.parametrize("key", ["a", "'", '"', "$HOME", ";", "\\", "#{pane_pid}"])
def test_a_key_arrives_as_typed_through_the_control_client(key: str) -> None:
    session = Session(ECHO, 80, 10)
    try:
        assert session._observer._client is not None  # the control client attached
        session._observer.run("send-keys", "-l", "-t", "bench", key)
        session.key("Enter", lambda screen: "got" in screen, timeout=10)
        assert f"got {key + chr(10)!r}" in session.screen()
    finally:
        session.close()


def test_the_screen_is_read_without_a_client_too() -> None:
    session = Session(ECHO, 80, 10)
    try:
        session._observer.close()
        session.key("x", lambda screen: "x" in screen, timeout=10)
        session.key("Enter", lambda screen: "got 'x\\n'" in screen, timeout=10)
        assert len(session.screen().splitlines()) == 10
    finally:
        session.close()


def test_closing_waits_for_what_the_program_started(tmp_path: Path) -> None:
    """A program's own workers (in a session of their own, so the hang-up misses them)
    finish before the next run is timed."""
    script = tmp_path / "program.py"
    pid_file = tmp_path / "worker.pid"
    script.write_text(
        "import subprocess, sys\n"
        "worker = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(1.5)'],"
        " start_new_session=True)\n"
        f"open({str(pid_file)!r}, 'w').write(str(worker.pid))\n"
        "print('started', flush=True)\n"
        "sys.stdin.read()\n"
    )
    session = Session(f"{sys.executable} {script}", 80, 10)
    try:
        session.wait(lambda screen: "started" in screen, timeout=10)
    finally:
        session.close()
    stat = Path(f"/proc/{pid_file.read_text()}/stat")
    assert not stat.exists() or stat.read_text().rpartition(")")[2].split()[0] == "Z"
