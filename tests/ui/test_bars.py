"""The title bar and the key bar: what they show for the focus, and clicks on them."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.content import Content

from borderread.ui.app import BorderreadApp, make_app
from borderread.ui.screens.help import HelpScreen
from borderread.ui.widgets.bars import KeyBar, TitleBar
from tests.conftest import SEEDS
from tests.ui.helpers import wait_ready

SIZE = (110, 32)


def _app(tmp_path: Path) -> BorderreadApp:
    return make_app([SEEDS], tmp_path / "state", tmp_path / "state" / "bookmarks.json")


def _line(widget: KeyBar | TitleBar) -> str:
    return widget.render_line(0).text


async def test_the_key_bar_follows_the_focus(tmp_path: Path) -> None:
    async with _app(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        bar = app.query_one(KeyBar)
        line = _line(bar)
        for hint in ("/ Search", "q Quit", "f1 Help", "t Outline", "m Bookmark"):
            assert hint in line
        assert line.rstrip().endswith("^p palette")
        await pilot.press("tab")  # the filter box: typed keys are text, not commands
        await pilot.pause()
        line = _line(bar)
        assert "/ Search" not in line and "q Quit" not in line
        assert "f1 Help" in line


async def test_the_key_bar_is_redrawn_only_when_its_keys_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Textual announces the bindings at nearly every key; the bar was redrawn each time.
    async with _app(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        bar = app.query_one(KeyBar)
        drawn: list[int] = []
        render = KeyBar.render

        def counted(self: KeyBar) -> Content:
            drawn.append(1)
            return render(self)

        monkeypatch.setattr(KeyBar, "render", counted)
        app.screen.bindings_updated_signal.publish(app.screen)  # the same keys
        await pilot.pause()
        assert drawn == []
        await pilot.press("tab")  # the filter box: other keys
        await pilot.pause()
        assert drawn and "q Quit" not in _line(bar)


async def test_the_key_bar_drops_hints_that_do_not_fit_but_keeps_the_palette(
    tmp_path: Path,
) -> None:
    async with _app(tmp_path).run_test(size=(60, 24)) as pilot:
        app = await wait_ready(pilot)
        line = _line(app.query_one(KeyBar))
        assert len(line.rstrip()) == 59  # the palette key ends one cell from the edge
        assert "B Bookmarks" not in line
        assert line.rstrip().endswith("^p palette")


async def test_clicking_a_key_presses_it(tmp_path: Path) -> None:
    async with _app(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        column = _line(app.query_one(KeyBar)).index("f1 Help")
        await pilot.click(KeyBar, offset=(column + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_the_title_bar_shows_the_title_and_its_icon_opens_the_palette(
    tmp_path: Path,
) -> None:
    async with _app(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        line = _line(app.query_one(TitleBar))
        assert "borderread" in line and line.lstrip().startswith("≡")
        await pilot.click(TitleBar, offset=(1, 0))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
