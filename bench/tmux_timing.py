"""Time a terminal program from launch to a screen showing given text, in a real tmux.

The screen is read through one tmux control-mode client (``tmux -C``) kept open for the
session, not a ``tmux capture-pane`` process a look: on this 2-core machine, spawning one
every 5 ms took ~4–7 ms of CPU each and slowed what was timed (a first start of 10,000
articles read 12.6–15.9 s that way and 9.5–11.4 s looked at every 100 ms).
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SOCKET = f"borderread-bench-{os.getpid()}"
POLL = 0.005


@dataclass
class Run:
    seconds: float
    peak_mib: float


def _tmux(*args: str) -> str:
    return subprocess.run(
        ["tmux", "-L", SOCKET, *args], capture_output=True, text=True, check=False
    ).stdout


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants now (tmux may start a shell first)."""
    found: list[int] = []
    pending = [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        pending.extend(int(child) for child in children)
    return found


def _peak_mib(pid: int) -> float:
    """Largest VmHWM among ``pid`` and its descendants."""
    best = 0.0
    for current in _tree(pid):
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                best = max(best, int(line.split()[1]) / 1024)
    return best


QUIET_TIMEOUT = 5.0
"""Longest wait, after a run, for the program's processes to be gone."""


def _wait_gone(pids: list[int], timeout: float = QUIET_TIMEOUT) -> None:
    """Wait until none of ``pids`` runs any more: a program quitting (saving, its workers
    finishing a run) must not take the next run's CPU."""
    deadline = time.monotonic() + timeout
    for pid in pids:
        while _running(pid) and time.monotonic() < deadline:
            time.sleep(POLL)


def _running(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie (one nobody reaps: here the
    container's first process does not)."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return status.rpartition(")")[2].split()[0] not in ("Z", "X")


def time_to_screen(
    command: str,
    ready: Callable[[str], bool],
    width: int = 120,
    height: int = 35,
    timeout: float = 60.0,
    settle: float = 0.3,
) -> Run:
    """Launch ``command`` in a fresh tmux and wait until ``ready(screen)``."""
    session = Session(command, width, height)
    try:
        session.wait(ready, timeout)
        elapsed = time.perf_counter() - session.started
        time.sleep(settle)
        pid_text = _tmux("display-message", "-p", "-t", "bench", "#{pane_pid}").strip()
        peak = _peak_mib(int(pid_text)) if pid_text.isdigit() else 0.0
    except RuntimeError:
        raise RuntimeError(f"timed out waiting for {command!r}") from None
    finally:
        session.close()
    return Run(elapsed, peak)


class Session:
    """A program running in its own tmux, driven key by key (for keystroke timings)."""

    def __init__(self, command: str, width: int = 120, height: int = 35) -> None:
        _tmux("kill-server")
        size = ["-x", str(width), "-y", str(height)]
        for _attempt in range(5):
            self.started = time.perf_counter()
            """When the program was launched (the last attempt)."""
            started = subprocess.run(
                ["tmux", "-L", SOCKET, "new-session", "-d", "-s", "bench", *size, command],
                capture_output=True,
                check=False,
            )
            if started.returncode == 0:
                self._observer = _Observer()
                return
            time.sleep(0.2)
        raise RuntimeError(f"tmux could not start {command!r}: {started.stderr!r}")

    def screen(self) -> str:
        return self._observer.screen()

    def wait(self, ready: Callable[[str], bool], timeout: float = 60.0) -> float:
        """Seconds until ``ready(screen)``; raises on time-out."""
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            if ready(self.screen()):
                return time.perf_counter() - start
            time.sleep(POLL)
        raise RuntimeError("timed out waiting for the screen")

    def key(self, key: str, ready: Callable[[str], bool], timeout: float = 60.0) -> float:
        """Send one key; seconds until the screen shows its effect."""
        start = time.perf_counter()
        self._observer.run("send-keys", "-t", "bench", key)
        while time.perf_counter() - start < timeout:
            if ready(self.screen()):
                return time.perf_counter() - start
            time.sleep(POLL)
        raise RuntimeError(f"timed out waiting for the effect of {key!r}:\n{self.screen()}")

    def close(self) -> None:
        """Stop the program and wait until it and every process it started are gone."""
        pid_text = self._observer.run("display-message", "-p", "-t", "bench", "#{pane_pid}")
        tree = _tree(int(pid_text)) if pid_text.strip().isdigit() else []
        self._observer.close()
        _tmux("kill-server")
        _wait_gone(tree)


_BLOCK_END = re.compile(r"%(end|error) \d+ (\d+) \d+")


def _quoted(word: str) -> str:
    """``word`` as one argument of a tmux command line."""
    escaped = word.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$")
    return f'"{escaped}"'


class _Observer:
    """Reads the pane and sends it keys through a control-mode client (sent no output, no
    say in the window's size); falls back to a ``tmux`` process a command without one."""

    def __init__(self) -> None:
        self._client: subprocess.Popen[str] | None = subprocess.Popen(
            [
                "tmux",
                "-L",
                SOCKET,
                "-C",
                "attach-session",
                "-t",
                "bench",
                "-f",
                "no-output,ignore-size",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            bufsize=1,
        )
        if self._reply() is None:  # the attach's own reply
            self.close()

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "bench")

    def run(self, *args: str) -> str:
        """Run a tmux command through the client (or a process if there is none): its
        output."""
        client = self._client
        if client is not None and client.stdin is not None:
            try:
                client.stdin.write(" ".join(map(_quoted, args)) + "\n")
                client.stdin.flush()
                lines = self._reply()
            except OSError:
                lines = None
            if lines is not None:
                return "".join(line + "\n" for line in lines)
            self.close()
        return _tmux(*args)

    def _reply(self) -> list[str] | None:
        """The lines of the next command's reply (None if the client is gone)."""
        client = self._client
        if client is None or client.stdout is None:
            return None
        lines: list[str] | None = None
        number = ""
        for raw in client.stdout:
            line = raw.rstrip("\n")
            if lines is None:
                if line.startswith("%begin "):
                    lines, number = [], line.split()[2]
                continue
            end = _BLOCK_END.fullmatch(line)
            if end is not None and end.group(2) == number:
                return lines
            lines.append(line)
        return None

    def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            if client.stdin is not None:
                with contextlib.suppress(OSError):
                    client.stdin.close()
            client.kill()
            client.wait()
