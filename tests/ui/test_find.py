"""In-article search: prompt, highlights, count, n/N, Esc, Enter, ?, &, history."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from borderread.data.article_matches import is_folded
from borderread.ui.app import BorderreadApp, make_app
from borderread.ui.widgets.find_bar import FindBar
from borderread.ui.widgets.reader_pane import ReaderPane
from tests.conftest import SEEDS
from tests.ui.helpers import wait_ready

SIZE = (110, 32)
PDF = "003_cbc59564459f8a6a.txt"


def app_for(tmp_path: Path) -> BorderreadApp:
    return make_app([SEEDS], tmp_path / "state", tmp_path / "state" / "bookmarks.json")


async def search(pilot: Pilot[None], text: str, key: str = "slash") -> ReaderPane:
    await pilot.press(key, *text)
    pane: ReaderPane = pilot.app.query_one(ReaderPane)
    for _ in range(100):
        await pilot.pause(0.02)
        if pane.find_bar.input.value == text and pane._matches_text == text:
            break
    await pilot.pause()
    return pane


def huge_article_app(tmp_path: Path) -> BorderreadApp:
    """The app on one article of one paragraph holding "border" 20,000 times."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "huge.txt").write_text("Huge\n\n" + "border wall " * 20_000 + "\n")
    return make_app([folder], tmp_path / "state", tmp_path / "bookmarks.json")


def count_label(pane: ReaderPane) -> str:
    return str(pane.find_bar.query_one("#find-count").render())


def current_text(pane: ReaderPane) -> str:
    match = pane.matches.current_match()
    assert match is not None and pane.reader.article is not None
    return pane.reader.article.blocks[match.block].text[match.start : match.end]


async def test_typing_highlights_every_hit_and_moves_to_the_first(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        app.open_article(PDF)
        await pilot.pause()
        pane = await search(pilot, "migrants")
        assert isinstance(app.focused, type(pane.find_bar.input))
        total = len(pane.matches)
        assert total > 10
        assert count_label(pane) == f"1/{total}"
        assert current_text(pane).lower() == "migrants"
        highlighted = sum(len(spans) for spans in pane.reader._highlights.values())
        assert highlighted == total


async def test_the_view_moves_to_a_hit_out_of_sight(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        app.open_article(PDF)
        await pilot.pause()
        pane = await search(pilot, "Sheinbam")  # a typo; far down the article
        assert current_text(pane) == "Sheinbaum"
        match = pane.matches.current_match()
        assert match is not None
        top = round(app.reader.scroll_y)
        line = app.reader._layout.line_of(match.block, match.start)  # type: ignore[union-attr]
        assert top <= line < top + app.reader.scrollable_content_region.height
        assert top > 0


async def test_enter_keeps_the_position_and_n_moves_on_with_wrap(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        app.open_article(PDF)
        await pilot.pause()
        pane = await search(pilot, "migrants")
        await pilot.press("enter")
        assert not pane.find_bar.is_open and app.focused is app.reader
        total = len(pane.matches)
        assert total >= 2
        await pilot.press("n")
        assert pane.matches.current == 1
        await pilot.press("N")
        assert pane.matches.current == 0
        await pilot.press("N")  # before the first: an offer, no move
        assert pane.matches.current == 0
        await pilot.press("n", "n")
        assert pane.matches.current == 2 % total


async def test_esc_returns_to_where_the_search_started(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        app.open_article(PDF)
        await pilot.pause()
        await pilot.press("j", "j")
        before = app.reader.scroll_y
        pane = await search(pilot, "Sheinbaum")
        assert app.reader.scroll_y != before
        await pilot.press("escape")
        await pilot.pause()
        assert app.reader.scroll_y == before
        assert not pane.find_bar.is_open and pane.reader._highlights == {}


async def test_question_mark_searches_backwards(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        app.open_article(PDF)
        await pilot.pause()
        await pilot.press("G")
        block, offset, _ = app.reader.position()
        pane = await search(pilot, "migrants", key="question_mark")
        current = pane.matches.current
        assert current is not None and 0 < current < len(pane.matches) - 1
        before = pane.matches.matches[current]
        after = pane.matches.matches[current + 1]
        assert (before.block, before.start) < (block, offset) <= (after.block, after.start)
        await pilot.press("enter", "n")  # after ?, n keeps going backwards (like less)
        assert pane.matches.current == current - 1


async def test_n_past_the_last_hit_continues_in_the_next_article(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE, notifications=True) as pilot:
        app = await wait_ready(pilot)
        pane = await search(pilot, "darien")  # 000 has one, 002 has the next one
        await pilot.press("enter")
        assert len(pane.matches) == 1
        await pilot.press("n")
        assert any("again" in n.message for n in app._notifications)
        assert app.reader.article and app.reader.article.id.startswith("000")
        await pilot.press("n")
        for _ in range(50):
            await pilot.pause(0.05)
            if app.reader.article.id.startswith("002") and len(pane.matches):
                break
        assert app.reader.article.id.startswith("002")
        assert current_text(pane) == "Darién"


async def test_ampersand_shows_only_matching_paragraphs(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        app.open_article(PDF)
        await pilot.pause()
        pane = await search(pilot, "Sheinbaum")
        await pilot.press("enter", "ampersand")
        assert app.reader.only_blocks == frozenset(pane.matches.by_block())
        assert app.reader.layout_height < 20
        await pilot.press("ampersand")
        assert app.reader.only_blocks is None


async def test_history_is_recalled_with_up_and_kept_across_runs(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        await search(pilot, "caravan")
        await pilot.press("enter")
        await app.action_quit()
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        await pilot.press("slash", "up")
        assert app.query_one(FindBar).input.value == "caravan"


async def test_keys_typed_in_the_prompt_are_text(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        pane = await search(pilot, "q]nN&t")
        assert app.is_running and pane.find_bar.input.value == "q]nN&t"
        assert app.reader.article and app.reader.article.id.startswith("000")


async def test_smart_case_can_be_switched_off(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        app.open_article(PDF)
        await pilot.pause()
        pane = await search(pilot, "Migrants")  # a capital: case-sensitive
        sensitive = len(pane.matches)
        await pilot.press("ctrl+t")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(pane.matches) > sensitive
        assert any(
            app.reader.article.blocks[m.block].text[m.start] == "m"  # type: ignore[union-attr]
            for m in pane.matches.matches
        )


async def test_every_visible_hit_of_a_long_paragraph_is_drawn_highlighted(tmp_path: Path) -> None:
    """Each display line finds its own spans among thousands in one paragraph."""
    import re

    folder = tmp_path / "articles"
    folder.mkdir()
    words = ["the", "border", "wall", "river", "desert", "crossed", "asylum"]
    line = " ".join(words[(i * 3) % len(words)] for i in range(20_000))
    (folder / "long.txt").write_text(f"Long\n\n{line}\n")
    app = make_app([folder], tmp_path / "state", tmp_path / "bookmarks.json")
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await pilot.press("slash", *"border")
        await app.workers.wait_for_complete()
        await pilot.pause()
        reader = app.query_one(ReaderPane).reader
        await pilot.press("space", "space")  # well into the paragraph
        await pilot.pause()
        match_bg = reader.get_component_rich_style("reader--match", partial=True).bgcolor
        current_bg = reader.get_component_rich_style("reader--match-current", partial=True).bgcolor
        checked = 0
        for y in range(reader.scrollable_content_region.height):
            strip = reader.render_line(y)
            text = "".join(segment.text for segment in strip)
            marked = [
                segment.text
                for segment in strip
                if segment.style is not None and segment.style.bgcolor in (match_bg, current_bg)
            ]
            assert marked == re.findall(r"border", text), (y, text)
            checked += len(marked)
        assert checked > 20


async def test_keys_typed_straight_after_slash_reach_the_prompt(tmp_path: Path) -> None:
    """As a terminal delivers them: all queued at once, before the first is handled."""
    from textual import events

    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        await pilot.pause(0.3)
        typed = [("slash", "/"), *((c, c) for c in "border"), ("enter", None), ("n", "n")]
        for key, char in typed:
            app.post_message(events.Key(key, char))
        pane = app.query_one(ReaderPane)
        for _ in range(100):
            await pilot.pause(0.02)
            if pane.matches.label().startswith("2/"):
                break
        assert pane.query_text == "border" and not app.reader.raw
        assert pane.matches.label().startswith("2/")  # the n waited for the results
        assert not pane.find_bar.is_open and app.focused is app.reader


async def test_slash_searches_from_the_list_and_is_text_in_the_filter(tmp_path: Path) -> None:
    from textual.widgets import Input

    from borderread.ui.widgets.article_list import ArticleList

    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        pane = app.query_one(ReaderPane)
        app.query_one(ArticleList).focus()
        await pilot.pause()
        await pilot.press("slash", *"caravan")
        await pilot.pause()
        assert pane.find_bar.is_open and pane.find_bar.input.value == "caravan"
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is app.query_one(ArticleList)  # back where it was
        box = app.screen.query(Input).first()
        box.focus()
        await pilot.pause()
        await pilot.press("slash", "x")
        await pilot.pause()
        assert box.value == "/x" and not pane.find_bar.is_open


async def test_keys_typed_straight_after_s_or_m_reach_the_new_screen(tmp_path: Path) -> None:
    from textual import events
    from textual.widgets import Input

    from borderread.ui.screens.note import NoteScreen
    from borderread.ui.screens.search_results import SearchResultsScreen

    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        await pilot.pause(0.3)
        for char in "sborder":  # all queued at once, as a terminal delivers them
            app.post_message(events.Key(char, char))
        await pilot.pause(0.5)
        assert isinstance(app.screen, SearchResultsScreen)
        assert app.screen.query_one("#query", Input).value == "border"
        await pilot.press("escape")
        await pilot.pause()
        for char in "mnote":
            app.post_message(events.Key(char, char))
        await pilot.pause(0.5)
        assert isinstance(app.screen, NoteScreen)
        assert app.screen.query_one(Input).value == "note"


async def test_n_and_N_work_from_the_article_list(tmp_path: Path) -> None:
    from borderread.ui.widgets.article_list import ArticleList

    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        pane = await search(pilot, "border")
        await pilot.press("enter")
        first = pane.matches.label()
        app.query_one(ArticleList).focus()
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert pane.matches.label() != first and pane.matches.label().startswith("2/")
        await pilot.press("N")
        await pilot.pause()
        assert pane.matches.label() == first


async def test_ampersand_twice_comes_back_to_the_same_passage(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        app.open_article("003_cbc59564459f8a6a.txt")
        await pilot.pause()
        pane = await search(pilot, "police")  # 7 matches; the last near the end
        await pilot.press("enter", *"nnnnnn")
        await pilot.pause()
        assert pane.matches.label() == "7/7"
        before = app.reader.position()[:2]
        current = pane.matches.current_match()
        await pilot.press("ampersand")
        await pilot.pause()
        assert app.reader.only_blocks is not None
        await pilot.press("ampersand")
        await pilot.pause()
        assert app.reader.only_blocks is None
        assert app.reader.position()[:2] == before
        assert pane.matches.current_match() == current


async def test_a_huge_paragraph_counts_its_first_matches_and_says_there_are_more(
    tmp_path: Path,
) -> None:
    from borderread.ui.widgets.reader_pane import MATCHES_IN_ALL as shown

    async with huge_article_app(tmp_path).run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        pane = await search(pilot, "border")
        for _ in range(200):  # the first matches at once; the rest when typing pauses
            await pilot.pause(0.02)
            if pane.matches.label() == f"1/{shown}+":
                break
        assert pane.matches.label() == f"1/{shown}+"
        assert count_label(pane) == f"1/{shown}+"
    async with app_for(tmp_path / "seeds").run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        pane = await search(pilot, "border")
        assert not pane.matches.label().endswith("+")


async def test_a_quoted_phrase_with_a_typo_shows_close_matches_and_says_so(
    tmp_path: Path,
) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        app.open_article(PDF)
        await pilot.pause()
        pane = await search(pilot, '"null efect"')
        assert count_label(pane) == "no exact phrase: 1/1 close"
        assert current_text(pane) == "null effect"


async def test_a_big_article_is_folded_for_search_soon_after_it_opens(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    paragraphs = [f"In year {n} the river rose over the border wall. " * 20 for n in range(600)]
    (folder / "big.txt").write_text("Big\n\n" + "\n\n".join(paragraphs) + "\n")
    app = make_app([folder], tmp_path / "state", tmp_path / "bookmarks.json")
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        article = app.reader.article
        assert article is not None
        for _ in range(150):
            await pilot.pause(0.02)
            if is_folded(article):
                break
        assert is_folded(article)  # before any key was typed
        pane = await search(pilot, "river")
        assert count_label(pane).startswith("1/")


async def test_a_quick_article_search_shows_its_matches_with_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from borderread.ui import quick_search

    monkeypatch.setattr(quick_search, "QUICK", 3600.0)
    monkeypatch.setattr(quick_search, "QUICK_LIMIT", 3600.0)
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        pane = await search(pilot, "migrant")  # the first search: in a worker
        in_workers: list[str] = []
        monkeypatch.setattr(
            ReaderPane, "_search_worker", lambda self, text, *a: in_workers.append(text)
        )
        await pilot.press("s")
        assert pane._matches_text == "migrants" and count_label(pane).startswith("1/")
        assert in_workers == []


async def test_the_status_line_names_what_its_count_is_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a newer key's search runs, the count shown is the last one found: the
    status line says for which query (and says "searching…" only if it takes a while)."""
    from borderread.data.search import SearchIndex
    from borderread.ui import quick_search

    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        pane = await search(pilot, "migrant")
        release = threading.Event()
        real = SearchIndex.matches_in

        def slow(self: SearchIndex, *args: Any, **kwargs: Any) -> Any:
            release.wait(10)
            return real(self, *args, **kwargs)

        monkeypatch.setattr(SearchIndex, "matches_in", slow)
        monkeypatch.setattr(quick_search, "SAY_SEARCHING_AFTER", 3600.0)
        try:
            await pilot.press("s")
            await pilot.pause(0.05)
            status = str(pane.query_one("#status").render())
            assert "“migrant” 1/" in status and "“migrants”" not in status
            assert "searching" not in count_label(pane)
            monkeypatch.setattr(quick_search, "SAY_SEARCHING_AFTER", 0.01)
            await pilot.press("x")
            for _ in range(100):
                await pilot.pause(0.02)
                if "searching" in count_label(pane):
                    break
            assert count_label(pane) == "searching…"
        finally:
            release.set()
        for _ in range(100):
            await pilot.pause(0.02)
            if pane._matches_text == "migrantsx":
                break
        assert "“migrantsx” " in str(pane.query_one("#status").render())


async def test_the_rest_of_the_matches_follow_when_typing_pauses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each key looks for the first matches only; once typing pauses, the rest come,
    and the match n/N had moved to stays the current one."""
    from borderread.ui.widgets import reader_pane
    from borderread.ui.widgets.reader_pane import FIRST_MATCHES, MATCHES_IN_ALL

    monkeypatch.setattr(reader_pane, "REST_AFTER", 3600.0)  # the pause: below, by hand
    async with huge_article_app(tmp_path).run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        pane = await search(pilot, "border")
        assert pane.matches.label() == f"1/{FIRST_MATCHES}+" and pane._rest.pending
        await pilot.press("enter", "n", "n")
        await pilot.pause()
        assert pane.matches.label() == f"3/{FIRST_MATCHES}+"
        pane._search_worker("border", False, (0, 0))  # what the pause starts
        for _ in range(200):
            await pilot.pause(0.02)
            if len(pane.matches) > FIRST_MATCHES:
                break
        assert pane.matches.label() == f"3/{MATCHES_IN_ALL}+"


async def test_matches_found_after_the_search_was_cleared_are_not_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from borderread.ui.widgets import reader_pane

    monkeypatch.setattr(reader_pane, "REST_AFTER", 3600.0)
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        pane = await search(pilot, "border")
        assert len(pane.matches)
        await pilot.press("escape")  # cleared, while a search for the rest could be running
        pane._search_worker("border", False, (0, 0))
        for _ in range(20):
            await pilot.pause(0.02)
        assert not len(pane.matches) and not pane.reader._highlights
