"""The collector pause around start-up: off from launch to the first paint, then on."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from borderread import collector


@pytest.fixture(autouse=True)
def _collector_on() -> Iterator[None]:
    collector.resume()
    gc.enable()
    yield
    collector.resume()
    gc.enable()


def test_pause_switches_the_collector_off_and_resume_back_on() -> None:
    collector.pause()
    assert not gc.isenabled()
    assert collector.is_paused()
    collector.resume()
    assert gc.isenabled()
    assert not collector.is_paused()


def test_resume_leaves_a_collector_it_did_not_stop_alone() -> None:
    gc.disable()  # somebody else's decision
    collector.pause()
    collector.resume()
    assert not gc.isenabled()


def test_the_reader_command_turns_the_collector_back_on_even_when_the_app_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import borderread.ui.app as app_module
    from borderread.cli import main

    seen: list[bool] = []

    def failing_run_app(*args: object) -> int:
        seen.append(gc.isenabled())
        raise RuntimeError("boom")

    monkeypatch.setattr(app_module, "run_app", failing_run_app)
    with pytest.raises(RuntimeError):
        main([])
    assert seen == [False]
    assert gc.isenabled()


def test_the_reader_command_reads_the_state_once_and_keeps_its_notice(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A corrupt state file is set aside once, and the app gets the notice to show."""
    import borderread.ui.app as app_module
    from borderread.cli import main
    from borderread.data.state import StateStore

    (tmp_path / "state.json").write_text("{ not json")
    received: list[object] = []

    def recording_run_app(*args: object) -> int:
        received.append(args[1])
        return 0

    monkeypatch.setattr(app_module, "run_app", recording_run_app)
    assert main(["--state-dir", str(tmp_path)]) == 0
    assert len(received) == 1
    store = received[0]
    assert isinstance(store, StateStore)
    notice = store.load()[1]
    assert isinstance(notice, str) and "moved it to" in notice
    assert len(list(tmp_path.glob("state.json.corrupt-*"))) == 1


def test_a_command_spares_the_collector_s_pass_at_exit_only_from_the_command_line() -> None:
    """``borderread list`` leaves what it made out of the last collection (the process
    ends next); a caller's own ``main([...])`` leaves its collector alone."""
    import subprocess
    import sys

    code = (
        "import gc, sys; from borderread.cli import main; {call};print(gc.get_freeze_count() > 0)"
    )
    for call, frozen in (("sys.argv = ['borderread', 'list']; main()", "True"),
                         ("main(['list'])", "False")):  # fmt: skip
        result = subprocess.run(
            [sys.executable, "-c", code.format(call=call)],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        assert result.stdout.strip().splitlines()[-1] == frozen
