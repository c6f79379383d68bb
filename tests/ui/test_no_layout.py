"""Typing into a box, and a list whose rows change, redraw what changed, not the screen.

A screen layout reflows and redraws every widget on it; Textual lays one out whenever a
widget's ``virtual_size`` changes, which a plain ``Input`` does at every key typed.
"""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Input, Static

from borderread.ui.widgets.result_list import ResultList, ResultRow
from borderread.ui.widgets.text_box import TextBox


class BoxApp(App[None]):
    def __init__(self, box: Input) -> None:
        super().__init__()
        self.box = box

    def compose(self) -> ComposeResult:
        yield self.box
        yield Static("below the box")
        yield ResultList(id="results")

    def on_mount(self) -> None:
        self.box.focus()


def count_layouts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A counter of screen layouts from now on (in its one item)."""
    layouts = [0]
    original = Screen._refresh_layout

    def counted(self: Screen[object], *args: object, **kwargs: object) -> None:
        layouts[0] += 1
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Screen, "_refresh_layout", counted)
    return layouts


@pytest.mark.parametrize(("box", "lays_out"), [(Input, True), (TextBox, False)])
async def test_typing_lays_out_the_screen_only_with_a_plain_input(
    monkeypatch: pytest.MonkeyPatch, box: type[Input], lays_out: bool
) -> None:
    app = BoxApp(box())
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        layouts = count_layouts(monkeypatch)
        await pilot.press(*"border")
        await pilot.pause()
        assert app.box.value == "border"
        assert (layouts[0] > 0) is lays_out  # the plain Input: one a key


async def test_a_long_query_keeps_the_cursor_in_view() -> None:
    # The box scrolls sideways as before: its scroll reads its (unannounced) width.
    app = BoxApp(TextBox())
    async with app.run_test(size=(30, 12)) as pilot:
        await pilot.pause()
        await pilot.press(*"the longest query anyone typed here")
        await pilot.pause()
        assert app.box.scroll_x > 0
        assert app.box.render_line(0).text.rstrip().endswith("ped here")


async def test_new_rows_of_another_height_do_not_lay_out_the_screen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def rows(hits: int) -> list[ResultRow]:
        return [ResultRow("An article", note="  hits")] + [
            ResultRow(f"hit number {n} about the river", ((0, 3),), hit=n) for n in range(hits)
        ]

    app = BoxApp(TextBox())
    async with app.run_test(size=(60, 12)) as pilot:
        results = app.query_one(ResultList)
        results.set_rows(rows(20))  # more than fit: a scrollbar
        await pilot.pause()
        assert results.show_vertical_scrollbar
        layouts = count_layouts(monkeypatch)
        results.set_rows(rows(12))
        await pilot.pause()
        results.add_rows(rows(5)[1:])
        await pilot.pause()
        assert layouts[0] == 0
        assert results.virtual_size.height == 1 + 2 * 12 + 2 * 5
        assert results.vertical_scrollbar.window_virtual_size == results.virtual_size.height
        results.set_rows(rows(1))  # fits: the scrollbar goes, and that is a layout
        await pilot.pause()
        assert not results.show_vertical_scrollbar and layouts[0] > 0
