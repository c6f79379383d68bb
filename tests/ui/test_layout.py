"""The layout maps article positions to display lines and back, at any width."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from borderread.data.corpus import load_corpus
from borderread.data.models import Article
from borderread.ui.layout import BLANK, build_layout, raw_blocks, reader_blocks, wrap_spans
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return load_corpus([SEEDS]).articles


@given(
    st.text(alphabet=st.sampled_from("ab cdé—漢字😀 "), max_size=300),
    st.integers(min_value=4, max_value=80),
)
def test_wrapped_lines_fit_and_lose_only_the_break_spaces(text: str, width: int) -> None:
    spans = wrap_spans(text, width)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert start in (end, end + 1)
        if start == end + 1:
            assert text[end] == " "
    for start, end in spans:
        assert cell_len(text[start:end]) <= width or end - start == 1


def test_a_two_megabyte_line_without_spaces_wraps_quickly() -> None:
    spans = wrap_spans("x" * 2_000_000, 70)
    assert len(spans) == -(-2_000_000 // 70)


@pytest.mark.parametrize("width", [20, 45, 76, 120])
def test_every_body_position_round_trips(articles: list[Article], width: int) -> None:
    for article in articles:
        layout = build_layout(reader_blocks(article, show_set_apart=False), width)
        for index, block in enumerate(article.blocks):
            if not block.is_body:
                continue
            for offset in (0, len(block.text) // 2):
                line = layout.line_of(index, offset)
                source, start = layout.position_of(line)
                assert source == index
                assert start <= offset < start + width + 1 or offset == 0


def test_hidden_blocks_map_to_the_next_shown_one(articles: list[Article]) -> None:
    article = articles[4]
    layout = build_layout(reader_blocks(article, show_set_apart=False), 60)
    teaser = next(i for i, b in enumerate(article.blocks) if b.reason == "teaser")
    assert layout.line_of(teaser) == 0  # before the first body block: the very top
    tail = next(i for i, b in enumerate(article.blocks) if b.reason == "related")
    assert layout.line_of(tail) == layout.height - 1


def test_paragraphs_are_separated_by_blank_lines(articles: list[Article]) -> None:
    layout = build_layout(reader_blocks(articles[3], show_set_apart=False), 60)
    starts = layout.block_starts(frozenset({"text"}))
    assert all(layout.line_block[line - 1] == BLANK for line in starts)


def test_raw_view_has_one_block_per_original_line(articles: list[Article]) -> None:
    article = articles[3]
    blocks = raw_blocks(article)
    assert len(blocks) == len(article.raw.splitlines())
    assert blocks[1].text == "presidential candidates advocate their super-"


@pytest.mark.parametrize("width", [30, 60, 76])
def test_set_apart_lines_with_their_label_fit_the_measure(
    articles: list[Article], width: int
) -> None:
    from borderread.ui.layout import SET_APART_PREFIX, label_text

    layout = build_layout(reader_blocks(articles[4], show_set_apart=True), width)
    shown = 0
    for line in range(layout.height):
        index = layout.line_block[line]
        if index == BLANK or layout.blocks[index].kind != "set-apart":
            continue
        block = layout.blocks[index]
        label = label_text(block) if layout.first_line[index] == line else ""
        text = block.text[layout.line_start[line] : layout.line_end[line]]
        assert cell_len(SET_APART_PREFIX + label + text) <= width
        shown += len(text)
    total = sum(len(b.text) for b in layout.blocks if b.kind == "set-apart")
    assert shown >= total - layout.height  # only the break spaces are not drawn


def test_position_messages_replace_each_other_in_the_queue() -> None:
    from borderread.ui.widgets.reader import ReaderView

    older = ReaderView.PositionChanged("a", 1, 0, 0.1)
    newer = ReaderView.PositionChanged("a", 2, 0, 0.2)
    assert newer.can_replace(older)
    assert not newer.can_replace(ReaderView.ModeChanged())


def test_a_long_byline_is_cut_before_progress_and_bookmarks() -> None:
    from borderread.ui.widgets.article_list import Entry

    entry = Entry("a", "Title", "Eugene Walker · News & Letters · 2021-10-01 · 5 min", "key")
    entry.progress, entry.bookmarks = 0.85, 1
    line = entry.details_line(40)
    assert len(line) <= 40 and line.endswith("85% · ★ 1") and "Eugene" in line and "…" in line
    assert entry.details_line(12) == "85% · ★ 1"  # too narrow for details: the counts stay
    entry.progress, entry.bookmarks = 0.0, 0
    assert entry.details_line(80) == "Eugene Walker · News & Letters · 2021-10-01 · 5 min"


def test_the_filter_matches_the_path_and_the_folder_is_shown(tmp_path: Path) -> None:
    from borderread.data.corpus import load_corpus
    from borderread.ui.widgets.article_list import Entry

    (tmp_path / "reports" / "2021").mkdir(parents=True)
    (tmp_path / "reports" / "2021" / "march.txt").write_text("Same title\n\nSome body text.\n")
    (tmp_path / "notes.txt").write_text("Same title\n\nOther body text.\n")
    entries = {e.id: e for e in map(Entry.of, load_corpus([tmp_path]).articles)}
    deep, flat = entries["reports/2021/march.txt"], entries["notes.txt"]
    assert deep.details.startswith("reports/2021/") and not flat.details.startswith("notes")
    assert "march" in deep.key and "reports" in deep.key and "march" not in flat.key


def _structured(markdown: str) -> Article:
    from borderread.data.clean import read_article

    return Article(
        "s.md", Path("s.md"), markdown, "utf-8", *read_article(markdown, "s", "markdown")
    )


def test_a_long_code_line_goes_on_marked_and_whole() -> None:
    line = "x = call(" + ", ".join(f"argument_{n}" for n in range(12)) + ")"
    article = _structured(f"Intro.\n\n```\n{line}\nshort()\n```\n")
    layout = build_layout(reader_blocks(article, show_set_apart=False), 40)
    code = next(i for i, b in enumerate(layout.blocks) if b.kind == "code")
    lines = range(layout.first_line[code], layout.end_line[code])
    pieces = [layout.blocks[code].text[layout.line_start[n] : layout.line_end[n]] for n in lines]
    room = 40 - len(layout.blocks[code].prefix)
    assert all(len(piece) <= room for piece in pieces)
    assert "".join(pieces[:-1]) == line and pieces[-1] == "short()"
    assert {n for n in lines if n in layout.continued} == set(list(lines)[1:-1])


@given(st.integers(min_value=20, max_value=120))
def test_a_wide_table_fits_the_width_and_keeps_every_cell(width: int) -> None:
    wide = "a very long cell text that cannot fit in a narrow column at all"
    article = _structured(f"| Name | Notes | More |\n|---|---|---|\n| alpha | {wide} | {wide} |\n")
    layout = build_layout(reader_blocks(article, show_set_apart=False), width)
    table = next(i for i, b in enumerate(layout.blocks) if b.kind == "table")
    text = layout.blocks[table].text
    cells: dict[int, list[str]] = {}
    for n in range(layout.first_line[table], layout.end_line[table]):
        pieces = layout.pieces[n]
        separators = len(" │ ") * (len(pieces) - 1)
        assert (
            sum(w for _, _, w in pieces) + separators <= max(width, 8)
            or min(w for _, _, w in pieces) <= 4
        )
        for column, (start, end, column_width) in enumerate(pieces):
            if start >= 0 and end > start:
                assert cell_len(text[start:end]) <= column_width
                cells.setdefault(column, []).append(text[start:end])
    # Only the spaces a cell was wrapped at are not drawn (a word longer than the column
    # is cut, so compare without spaces).
    assert "".join(cells[1]).replace(" ", "") == ("Notes" + wide).replace(" ", "")


def test_a_tight_list_has_no_blank_lines_between_items() -> None:
    article = _structured("Intro.\n\n- one\n- two\n- three\n\nAfter.\n")
    layout = build_layout(reader_blocks(article, show_set_apart=False), 60)
    items = [i for i, b in enumerate(layout.blocks) if b.item and b.item.kind == "list_item"]
    assert len(items) == 3
    assert [layout.first_line[i] for i in items] == [
        layout.first_line[items[0]] + n for n in range(3)
    ]
