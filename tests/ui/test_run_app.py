"""``run_app``: what it sets around the app's run, and puts back."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import borderread.ui.app as app_module
from borderread.data.state import StateStore


class _FakeSaver:
    def __init__(self) -> None:
        self.closed = False

    def close(self) -> None:
        self.closed = True


class _FakeApp:
    def __init__(self, fail: bool) -> None:
        self.fail = fail
        self.saver = _FakeSaver()
        self.crash_report = None
        self.return_code = 0
        self.switch_interval_while_running = 0.0

    def run(self) -> None:
        self.switch_interval_while_running = sys.getswitchinterval()
        if self.fail:
            raise RuntimeError("boom")


@pytest.mark.parametrize("fail", [False, True])
def test_threads_hand_the_event_loop_the_gil_sooner_while_the_app_runs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fail: bool
) -> None:
    """A background thread (indexing a big article) keeps a key waiting at most about
    ``SWITCH_INTERVAL``; the interpreter's own setting comes back afterwards."""
    fake = _FakeApp(fail)
    monkeypatch.setattr(app_module, "make_app", lambda *args: fake)
    before = sys.getswitchinterval()
    assert before > app_module.SWITCH_INTERVAL
    if fail:
        with pytest.raises(RuntimeError):
            app_module.run_app([], StateStore(tmp_path))
    else:
        assert app_module.run_app([], StateStore(tmp_path)) == 0
    assert fake.switch_interval_while_running == app_module.SWITCH_INTERVAL
    assert sys.getswitchinterval() == before
    assert fake.saver.closed
