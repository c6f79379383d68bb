"""Time a terminal program from launch to a screen showing given text, in a real tmux."""

from __future__ import annotations

import os
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


def _peak_mib(pid: int) -> float:
    """Largest VmHWM among ``pid`` and its descendants (tmux may start a shell first)."""
    best = 0.0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    best = max(best, int(line.split()[1]) / 1024)
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
            pending.extend(int(child) for child in children)
        except OSError:
            continue
    return best


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
                return
            time.sleep(0.2)
        raise RuntimeError(f"tmux could not start {command!r}: {started.stderr!r}")

    def screen(self) -> str:
        return _tmux("capture-pane", "-p", "-t", "bench")

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
        _tmux("send-keys", "-t", "bench", key)
        while time.perf_counter() - start < timeout:
            if ready(self.screen()):
                return time.perf_counter() - start
            time.sleep(POLL)
        raise RuntimeError(f"timed out waiting for the effect of {key!r}:\n{self.screen()}")

    def close(self) -> None:
        _tmux("kill-server")
