"""Bookmarks in the app: m with a note, the margin marker, B to list, jump, edit, delete, undo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import OptionList

from borderread.ui.app import BorderreadApp, make_app
from borderread.ui.screens.bookmarks import BookmarksScreen
from borderread.ui.screens.note import ChoiceScreen, NoteScreen
from borderread.ui.widgets.bars import KeyBar
from borderread.ui.widgets.sidebar import Sidebar
from tests.conftest import SEEDS
from tests.ui.helpers import wait_ready

SIZE = (120, 34)


def app_for(tmp_path: Path) -> BorderreadApp:
    return make_app([SEEDS], tmp_path / "state", tmp_path / "bookmarks.json")


async def ready(pilot) -> BorderreadApp:  # type: ignore[no-untyped-def]
    app = await wait_ready(pilot)
    await app.workers.wait_for_complete()  # the bookmarks are read and found again
    await pilot.pause()
    return app


def saved(app: BorderreadApp, tmp_path: Path) -> list[dict[str, object]]:
    """The bookmarks file once every save the app asked for has run."""
    app.saver.wait()
    return json.loads((tmp_path / "bookmarks.json").read_text())["bookmarks"]  # type: ignore[no-any-return]


async def test_m_bookmarks_the_paragraph_with_a_note(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await ready(pilot)
        app.open_article("003_cbc59564459f8a6a.txt")
        await pilot.pause()
        await pilot.press("right_curly_bracket", "right_curly_bracket")
        paragraph_block = app.reader.position()[0]
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"check this", "enter")
        await pilot.pause()
        rows = saved(app, tmp_path)
        assert len(rows) == 1 and rows[0]["note"] == "check this"
        assert rows[0]["article"]["id"] == "003_cbc59564459f8a6a.txt"  # type: ignore[index]
        assert app.reader.marks == frozenset({paragraph_block})
        first_line = app.reader._layout.line_of(paragraph_block)  # type: ignore[union-attr]
        assert "★" in app.reader.render_line(first_line - round(app.reader.scroll_y)).text
        assert app.query_one(Sidebar)._by_id["003_cbc59564459f8a6a.txt"].bookmarks == 1


async def test_esc_saves_without_a_note_and_m_again_offers_edit_or_remove(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await ready(pilot)
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert [row["note"] for row in saved(app, tmp_path)] == [""]
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"edited", "enter")
        await pilot.pause()
        assert [row["note"] for row in saved(app, tmp_path)] == ["edited"]
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert saved(app, tmp_path) == [] and app.reader.marks == frozenset()


async def test_a_search_hit_is_bookmarked_as_that_passage(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await ready(pilot)
        await pilot.press("slash", *"darien gap")
        await pilot.pause(0.3)
        await pilot.press("enter", "m")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert saved(app, tmp_path)[0]["anchor"]["exact"] == "Darién Gap"  # type: ignore[index]


async def test_bookmarks_view_lists_jumps_edits_deletes_and_undoes(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await ready(pilot)
        app.open_article("002_b709267a969255ed.txt")
        await pilot.pause()
        await pilot.press("G", "m")
        await pilot.pause()
        await pilot.press(*"last words", "enter")
        await pilot.pause()
        app.open_article("000_a531a031a9ba92fe.txt")
        await pilot.pause()
        await pilot.press("B")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BookmarksScreen)
        options = screen.query_one(OptionList).options
        assert any("last words" in str(o.prompt) for o in options)
        await pilot.press("enter")
        await pilot.pause()
        assert app.reader.article and app.reader.article.id.startswith("002")
        assert app.reader.scroll_y > 0
        await pilot.press("B")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert saved(app, tmp_path) == []
        await pilot.press("u")
        await pilot.pause()
        assert [row["note"] for row in saved(app, tmp_path)] == ["last words"]
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+u", *"new note", "enter")
        await pilot.pause()
        assert [row["note"] for row in saved(app, tmp_path)] == ["new note"]


async def test_a_corrupt_bookmarks_file_is_reported_and_the_app_works(tmp_path: Path) -> None:
    (tmp_path / "bookmarks.json").write_text("{ broken")
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await ready(pilot)
        await pilot.pause(0.2)
        assert any("damaged" in n.message for n in app._notifications)
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert len(saved(app, tmp_path)) == 1
    assert len(list(tmp_path.glob("bookmarks.json.corrupt-*"))) == 1


def test_bookmark_times_are_shown_in_local_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from borderread.ui.screens.bookmarks import local_time

    monkeypatch.setenv("TZ", "America/Mexico_City")  # UTC-6, no daylight saving since 2022
    time.tzset()
    try:
        assert local_time("2026-12-01T09:30:00Z") == "2026-12-01 03:30"
        assert local_time("not a time") == "not a time"
    finally:
        monkeypatch.undo()
        time.tzset()


async def test_m_after_paging_marks_the_first_paragraph_that_starts_on_screen(
    tmp_path: Path,
) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await ready(pilot)
        app.open_article("000_a531a031a9ba92fe.txt")
        await pilot.pause()
        reader = app.reader
        for _ in range(6):  # page until the top line is inside a paragraph
            await pilot.press("space")
            await pilot.pause()
            if reader.position()[1] > 0:
                break
        top_block, offset, _ = reader.position()
        assert offset > 0, "paging never stopped inside a paragraph"
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        (marked,) = reader.marks
        assert marked != top_block  # not the paragraph whose start is above the screen
        first_line = reader._layout.line_of(marked)  # type: ignore[union-attr]
        top = round(reader.scroll_y)
        assert top <= first_line < top + reader.scrollable_content_region.height
        assert "★" in reader.render_line(first_line - top).text  # the mark is in sight


async def test_f1_shows_the_keys_of_the_screen_in_front(tmp_path: Path) -> None:
    from borderread.ui.screens.help import HelpScreen

    def help_text(app: BorderreadApp) -> str:
        assert isinstance(app.screen, HelpScreen)
        return " ".join(str(w.render()) for w in app.screen.query("Static"))

    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await ready(pilot)
        await pilot.press("B")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        shown = help_text(app)
        assert "Edit note" in shown and "Undo delete" in shown and "Filter by quote" in shown
        assert "Next paragraph" not in shown  # not the reader's keys
        await pilot.press("escape", "escape")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        shown = help_text(app)
        assert "Open the passage" in shown and "Next paragraph" not in shown
        await pilot.press("escape", "escape")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert "Next paragraph" in help_text(app)  # the reader's own help


async def test_article_keys_do_nothing_behind_the_bookmarks_view(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await ready(pilot)
        opened = app.reader.article
        await pilot.press("B")
        await pilot.pause()
        await pilot.press("right_square_bracket", "ctrl+b")
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)
        assert app.reader.article is opened  # the article behind did not change
        assert app.query_one(Sidebar).display  # nor did the sidebar
        bar = app.screen.query_one(KeyBar).render()
        assert "Next article" not in str(bar)
