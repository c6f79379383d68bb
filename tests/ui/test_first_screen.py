"""The first screen is styled once, and styled right: as a full restyle would style it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.screen import Screen

from borderread.ui.app import BorderreadApp, make_app
from borderread.ui.screens.help import HelpScreen
from borderread.ui.widgets.article_list import ArticleList
from borderread.ui.widgets.bars import KeyBar, TitleBar
from borderread.ui.widgets.sidebar import Sidebar
from borderread.ui.widgets.text_box import TextBox
from tests.conftest import SEEDS
from tests.ui.helpers import wait_ready

SIZE = (110, 32)


def _app(tmp_path: Path) -> BorderreadApp:
    return make_app([SEEDS], tmp_path / "state", tmp_path / "state" / "bookmarks.json")


def _screen(app: BorderreadApp) -> str:
    """The screen as drawn, with its colours (Textual's SVG screenshot)."""
    return app.export_screenshot()


async def test_each_widget_of_the_first_screen_is_styled_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual restyles every widget when a screen is shown; the main screen is shown just
    after its widgets were styled, so that pass would only repeat the first one."""
    styled: Counter[type[DOMNode]] = Counter()
    apply = Stylesheet.apply

    def counting_apply(self: Stylesheet, node: DOMNode, **kwargs: Any) -> None:
        styled[type(node)] += 1
        apply(self, node, **kwargs)

    monkeypatch.setattr(Stylesheet, "apply", counting_apply)
    async with _app(tmp_path).run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        for widget in (TitleBar, Sidebar, TextBox, ArticleList, KeyBar):
            assert styled[widget] == 1, (widget.__name__, styled[widget])


async def test_the_main_screen_is_restyled_when_it_comes_back(tmp_path: Path) -> None:
    """Only the first showing is spared: a theme chosen while another screen covers the
    main one restyles it when it is shown again."""
    async with _app(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        before = _screen(app)
        main = app.screen
        await app.push_screen(HelpScreen([]))
        await pilot.pause()
        app.theme = "textual-light"
        await pilot.pause()
        app.pop_screen()
        await pilot.pause(0.1)
        assert app.screen is main
        after_pop = _screen(app)
        assert after_pop != before
        app.theme = "textual-dark"
        await pilot.pause(0.1)
        app.theme = "textual-light"
        await pilot.pause(0.1)
        assert _screen(app) == after_pop


async def test_the_filter_box_comes_after_the_first_frame_in_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first frame draws a stand-in for the filter box (an Input is costly to style);
    the box itself takes its place, first in the sidebar, and filters as it should."""
    styled_by_first_frame: set[type[DOMNode]] = set()
    styled: set[type[DOMNode]] = set()
    apply = Stylesheet.apply
    display = BorderreadApp._display  # each frame goes out through it

    def recording_apply(self: Stylesheet, node: DOMNode, **kwargs: Any) -> None:
        styled.add(type(node))
        apply(self, node, **kwargs)

    def first_frame(app: BorderreadApp, screen: Screen[object], renderable: Any) -> None:
        if not styled_by_first_frame:
            styled_by_first_frame.update(styled)
        display(app, screen, renderable)

    monkeypatch.setattr(Stylesheet, "apply", recording_apply)
    monkeypatch.setattr(BorderreadApp, "_display", first_frame)
    async with _app(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        assert ArticleList in styled_by_first_frame and TextBox not in styled_by_first_frame
        sidebar = app.query_one(Sidebar)
        box = app.query_one("#filter", TextBox)
        assert sidebar.children[0] is box and not app.query("#filter-stand-in")
        assert box.region.y == 1  # under the title bar, where the stand-in was
        box.focus()
        await pilot.press(*"borde")
        await pilot.pause(0.2)
        assert len(sidebar.shown_ids) < 5


async def test_keys_typed_into_the_stand_in_reach_the_box(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tab and letters typed as the reader starts can reach the stand-in before the box
    comes: it takes the focus and the letters as the box would, and hands both over."""
    from textual.app import App, ComposeResult
    from textual.content import Content
    from textual.widgets import Input, Static

    from borderread.ui.widgets.stand_in import TextBoxStandIn

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield TextBoxStandIn(Content("Filter…"), lambda: TextBox(id="box"), id="stand-in")
            yield Static("below")

    monkeypatch.setattr(TextBoxStandIn, "on_mount", lambda self: None)  # swapped by hand
    async with Host().run_test() as pilot:
        stand_in = pilot.app.query_one(TextBoxStandIn)
        stand_in.focus()
        await pilot.press(*"tru", "backspace", "m")
        await stand_in.swap()
        await pilot.pause()
        box = pilot.app.query_one("#box", Input)
        assert box.value == "trm" and box.cursor_position == 3
        assert pilot.app.focused is box and not pilot.app.query(TextBoxStandIn)
        assert box is pilot.app.screen.children[0]  # in the stand-in's place
