"""Search across the collection: grouped results, preview, Enter opens the passage, n/N go on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import OptionList, Static

from borderread.ui.app import BorderreadApp, make_app
from borderread.ui.screens.search_results import SearchResultsScreen, group_by_article
from borderread.ui.widgets.reader_pane import ReaderPane
from tests.conftest import SEEDS
from tests.ui.helpers import wait_ready

SIZE = (120, 34)


def app_for(tmp_path: Path) -> BorderreadApp:
    return make_app([SEEDS], tmp_path / "state", tmp_path / "state" / "bookmarks.json")


async def open_results(pilot, text: str) -> SearchResultsScreen:  # type: ignore[no-untyped-def]
    await pilot.press("s")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SearchResultsScreen)
    await pilot.press(*text)
    for _ in range(100):
        await pilot.pause(0.02)
        if screen._query == text:
            break
    return screen


async def test_results_are_grouped_by_article_best_first(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = await open_results(pilot, "caravan tapachula")
        hits = screen._hits
        assert hits
        groups = group_by_article(hits)
        assert [article for article, _ in groups] == list(dict.fromkeys(h.article_id for h in hits))
        options = screen.query_one("#results", OptionList).options
        headers = [o for o in options if o.disabled]
        assert len(headers) == len(groups)
        assert "hit" in str(headers[0].prompt)
        best = max(h.score for h in hits)
        assert groups[0][1][0].score == best


async def test_moving_through_results_previews_them(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = await open_results(pilot, "darien")
        preview = screen.query_one("#preview-text", Static)
        first = str(preview.render())
        assert "Darién" in first
        await pilot.press("down", "down")
        await pilot.pause()
        assert str(preview.render()) != first
        assert "Darién" in str(preview.render())


async def test_enter_opens_the_passage_highlighted_and_n_goes_on(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        screen = await open_results(pilot, "darien")
        chosen = screen._hits[0]
        await pilot.press("enter")
        pane = app.query_one(ReaderPane)
        for _ in range(50):
            await pilot.pause(0.02)
            if len(pane.matches):
                break
        assert app.reader.article and app.reader.article.id == chosen.article_id
        match = pane.matches.current_match()
        assert match is not None
        text = app.reader.article.blocks[match.block].text[match.start : match.end]
        assert text == "Darién"
        await pilot.press("n", "n")  # the offer, then on to the next result's article
        for _ in range(50):
            await pilot.pause(0.05)
            if app.reader.article.id != chosen.article_id:
                break
        assert app.reader.article.id == screen._hits[1].article_id


async def test_escape_goes_back_where_you_were(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        await pilot.press("j", "j")
        before = (app.reader.article, app.reader.scroll_y)
        await open_results(pilot, "caravan")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, SearchResultsScreen)
        assert (app.reader.article, app.reader.scroll_y) == before


async def test_results_from_articles_loaded_after_the_screen_opened(tmp_path: Path) -> None:
    """'s' pressed while the folder is still loading: the index it searches may hold
    articles the screen was not given when it opened."""
    from borderread.data.search import SearchIndex

    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        everything = SearchIndex(app.articles)
        screen = SearchResultsScreen(app.articles[:1], lambda: everything)
        await app.push_screen(screen)
        await pilot.pause()
        await pilot.press(*"border")
        for _ in range(100):
            await pilot.pause(0.02)
            if screen._query == "border":
                break
        assert len({hit.article_id for hit in screen._hits}) > 1
        assert app.is_running


async def test_result_snippets_are_never_parsed_as_markup(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "markup.txt").write_text(
        "Markup\n\nThe [bold]caravan[/bold] reached [@click=app.quit]Tapachula[/] today.\n"
    )
    app = make_app([folder], tmp_path / "state", tmp_path / "bookmarks.json")
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = await open_results(pilot, "caravan")
        results = screen.query_one("#results", OptionList)
        shown = "".join(results.render_line(y).text for y in range(4))
        assert "[bold]caravan[/bold]" in shown and "[@click=app.quit]" in shown
        preview = str(screen.query_one("#preview-text", Static).content)
        assert "[@click=app.quit]Tapachula[/]" in preview


async def test_a_quoted_phrase_with_a_typo_says_the_results_are_close(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = await open_results(pilot, '"null efect"')
        await pilot.pause()
        summary = str(screen.query_one("#summary").render())
        assert summary.startswith("no exact phrase; showing close matches: 1 paragraph")
        assert screen._hits and all(hit.close for hit in screen._hits)


async def test_results_beyond_the_first_articles_follow_when_typing_pauses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from borderread.data.search import SearchIndex
    from borderread.ui.screens.search_results import FIRST_HITS, RESULT_LIMIT

    asked: list[tuple[str, int | None]] = []
    real_search = SearchIndex.search

    def recording(self: SearchIndex, query: Any, **kwargs: Any) -> Any:
        asked.append((getattr(query, "text", query), kwargs.get("limit")))
        return real_search(self, query, **kwargs)

    monkeypatch.setattr(SearchIndex, "search", recording)

    folder = tmp_path / "articles"
    folder.mkdir()
    names = [f"{n:02}-report.txt" for n in range(FIRST_HITS // 2 + 4)]
    for n, name in enumerate(names):  # two hits an article
        text = f"Report {n}\n\nThe river rose {n} metres.\n\nBy noon the river fell again.\n"
        (folder / name).write_text(text)
    app = make_app([folder], tmp_path / "state", tmp_path / "bookmarks.json")
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = await open_results(pilot, "river")
        results = screen.query_one("#results", OptionList)

        def headers() -> int:
            return sum(1 for option in results.options if option.disabled)

        if screen._rest is not None:  # typing may go on: only the first results so far
            assert sum(1 for o in results.options if not o.disabled) == FIRST_HITS
        for _ in range(100):
            await pilot.pause(0.02)
            if screen._rest is None:
                break
        assert headers() == len(names) and len(screen._hits) == 2 * len(names)
        # each key looked for the first results only; the pause, for the rest, once
        assert {limit for text, limit in asked if text != "river"} == {FIRST_HITS}
        assert [limit for text, limit in asked if text == "river"] == [FIRST_HITS, RESULT_LIMIT]
        last = len(results.options) - 1
        assert screen._hit_at(last) == screen._hits[-1]  # ids still name the right hit
