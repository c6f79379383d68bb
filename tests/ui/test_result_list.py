"""The search results list: rows cut to the width, the cursor over hits only, clicks."""

from __future__ import annotations

from rich.style import Style
from textual.app import App, ComposeResult

from borderread.ui.widgets.result_list import ResultList, ResultRow, marked_segments

ROWS = [
    ResultRow("A very long article title that cannot fit in the list", note="  2 hits"),
    ResultRow("the river rose " * 10, spans=((4, 9),), hit=0),
    ResultRow("by noon the river fell", spans=((12, 17),), hit=1),
    ResultRow("Second article", note="  1 hit"),
    ResultRow("a river again", spans=((2, 7),), hit=2),
]


class ListApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.chosen: list[int] = []
        self.highlighted: list[int | None] = []

    def compose(self) -> ComposeResult:
        yield ResultList(id="results")

    def on_mount(self) -> None:
        results = self.query_one(ResultList)
        results.set_rows(ROWS)
        results.focus()

    def on_result_list_chosen(self, event: ResultList.Chosen) -> None:
        self.chosen.append(event.hit)

    def on_result_list_highlighted(self, event: ResultList.Highlighted) -> None:
        self.highlighted.append(event.hit)


def test_marked_segments_style_only_the_matches() -> None:
    plain, match = Style(), Style(reverse=True)
    segments = marked_segments("the river rose", ((4, 9),), 2, 12, plain, match)
    expected = [("e ", plain), ("river", match), (" ro", plain)]
    assert [(s.text, s.style) for s in segments] == expected


async def test_rows_fit_the_width_and_hits_take_two_lines() -> None:
    app = ListApp()
    async with app.run_test(size=(30, 12)) as pilot:
        results = app.query_one(ResultList)
        await pilot.pause()
        lines = [results.render_line(y).text for y in range(results.line_count)]
        assert results.line_count == 1 + 2 + 2 + 1 + 2
        assert all(len(line) == 30 for line in lines)
        assert lines[0].rstrip().endswith("…  2 hits")  # the title gave way, not the count
        assert lines[1].startswith("  the river") and lines[2].rstrip().endswith("…")
        assert lines[3].startswith("  by noon the river fell")


async def test_the_cursor_moves_over_hits_only() -> None:
    app = ListApp()
    async with app.run_test(size=(30, 12)) as pilot:
        results = app.query_one(ResultList)
        assert results.highlighted_hit == 0
        await pilot.press("down", "down")
        assert results.highlighted_hit == 2  # past the second article's header
        await pilot.press("down")
        assert results.highlighted_hit == 2  # the last
        await pilot.press("home", "enter")
        await pilot.pause()
        assert app.highlighted[-1] == 0 and app.chosen == [0]


async def test_a_click_on_a_header_chooses_its_first_hit() -> None:
    app = ListApp()
    async with app.run_test(size=(30, 12)) as pilot:
        await pilot.click(ResultList, offset=(3, 5))  # the second article's header
        await pilot.pause()
        assert app.chosen == [2]
        await pilot.click(ResultList, offset=(3, 4))  # the second line of hit 1
        await pilot.pause()
        assert app.chosen == [2, 1]


class ContextApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ResultList(id="results")

    def on_mount(self) -> None:
        self.query_one(ResultList).set_rows(
            [
                ResultRow("Options", note="  1 hit"),
                ResultRow(
                    "Suppress warnings about files that could not be read " * 3,
                    spans=((9, 17),),
                    hit=0,
                    context="-q, --quiet",
                ),
            ]
        )


async def test_a_hit_in_a_definition_shows_its_term_first() -> None:
    app = ContextApp()
    async with app.run_test(size=(40, 8)) as pilot:
        results = app.query_one(ResultList)
        await pilot.pause()
        first, second = (results.render_line(y) for y in (1, 2))
        assert first.text.startswith("  -q, --quiet: Suppress warnings")
        assert len(first.text) == 40 and second.text.startswith("  ")
        styles = {segment.text: segment.style for segment in first if segment.text.strip()}
        assert styles["-q, --quiet: "] != styles["Suppress "]  # dimmed
        assert any(s.text == "warnings" and s.style and s.style.reverse for s in first)


class CodeHitApp(App[None]):
    """A hit in a code block (its lines joined by line breaks) and a term with one."""

    def compose(self) -> ComposeResult:
        yield ResultList(id="results")

    def on_mount(self) -> None:
        code = "add_library(lib1 ...)\nadd_library(lib2 ...)\n\ttarget_link_libraries(lib2)"
        self.query_one(ResultList).set_rows(
            [
                ResultRow("CMake", note="  2 hits"),
                ResultRow(code, spans=((44, 65),), hit=0),
                ResultRow("the option's text", spans=((4, 10),), hit=1, context="-v,\n--verbose"),
            ]
        )


async def test_a_hit_in_lines_of_code_is_drawn_on_its_own_rows() -> None:
    app = CodeHitApp()
    async with app.run_test(size=(40, 10)) as pilot:
        results = app.query_one(ResultList)
        await pilot.pause()
        segments = [s for y in range(results.line_count) for s in results.render_line(y)]
        assert not any(set(s.text) & {"\n", "\r", "\t"} for s in segments)  # no cursor moves
        lines = [results.render_line(y).text for y in range(results.line_count)]
        assert lines[1].startswith("  add_library(lib1 ...) add_library(")
        assert "-v, --verbose: " in lines[3]
