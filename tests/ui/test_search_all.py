"""Search across the collection: grouped results, preview, Enter opens the passage, n/N go on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from borderread.ui.app import BorderreadApp, make_app
from borderread.ui.screens import search_results
from borderread.ui.screens.search_results import SearchResultsScreen, group_by_article
from borderread.ui.widgets.reader_pane import ReaderPane
from borderread.ui.widgets.result_list import ResultList
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
        if screen._query == text and not screen._preview_later.pending:
            break
    return screen


async def results_after_a_pause(pilot, text: str, count: int) -> SearchResultsScreen:  # type: ignore[no-untyped-def]
    """Search all for ``text`` as if typed and then paused on, until ``count`` results
    (the rest after the first) are in."""
    from textual.widgets import Input

    screen = await open_results(pilot, "")
    screen.query_one("#query", Input).value = text
    for _ in range(200):
        await pilot.pause(0.02)
        if len(screen._hits) == count and not screen._rest.pending:
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
        rows = screen.query_one("#results", ResultList).rows
        headers = [row for row in rows if row.hit is None]
        assert len(headers) == len(groups)
        assert "hit" in headers[0].note
        assert [row.hit for row in rows if row.hit is not None] == list(range(len(hits)))
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


async def test_the_preview_waits_for_typing_to_pause(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Drawn at every key, the preview was a third of each key's frame, for a preview the
    # next key replaced: the results come first, the preview once typing pauses.
    monkeypatch.setattr(search_results, "PREVIEW_AFTER", 30.0)  # no pause in this test
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = await open_results(pilot, "")
        await pilot.press(*"darien")
        for _ in range(100):
            await pilot.pause(0.02)
            if screen._query == "darien":
                break
        preview = screen.query_one("#preview-text", Static)
        assert screen._hits and "Darién" not in str(preview.render())
        await pilot.press("down", "down")  # into the list, one hit on: its hit at once
        await pilot.pause()
        assert "Darién" in str(preview.render())
        assert not screen._preview_later.pending  # the waiting preview is not drawn after


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
        results = screen.query_one("#results", ResultList)
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


def record_searches(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int | None]]:
    """Every collection search asked for from now on: (query text, limit)."""
    from borderread.data.search import SearchIndex

    asked: list[tuple[str, int | None]] = []
    real_search = SearchIndex.search

    def recording(self: SearchIndex, query: Any, **kwargs: Any) -> Any:
        asked.append((getattr(query, "text", query), kwargs.get("limit")))
        return real_search(self, query, **kwargs)

    monkeypatch.setattr(SearchIndex, "search", recording)
    return asked


def river_folder(tmp_path: Path, articles: int) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(articles):  # two hits an article
        text = f"Report {n}\n\nThe river rose {n} metres.\n\nBy noon {n} the river fell.\n"
        (folder / f"{n:02}-report.txt").write_text(text)
    return folder


async def test_each_key_looks_for_the_first_results_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from borderread.ui.screens import search_results
    from borderread.ui.screens.search_results import FIRST_HITS

    monkeypatch.setattr(search_results, "REST_AFTER", 3600.0)  # typing never pauses
    asked = record_searches(monkeypatch)
    folder = river_folder(tmp_path, FIRST_HITS // 2 + 4)
    app = make_app([folder], tmp_path / "state", tmp_path / "bookmarks.json")
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = await open_results(pilot, "river")
        results = screen.query_one("#results", ResultList)
        assert [text for text, _ in asked][-1] == "river"
        assert {limit for _, limit in asked} == {FIRST_HITS}
        assert sum(1 for row in results.rows if row.hit is not None) == FIRST_HITS
        assert screen._rest.pending  # the rest wait for a pause
        assert "the best" in str(screen.query_one("#summary", Static).render())


async def test_results_beyond_the_first_articles_follow_when_typing_pauses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    from borderread.ui.screens.search_results import FIRST_HITS, RESULT_LIMIT

    asked = record_searches(monkeypatch)
    articles = FIRST_HITS // 2 + 4
    folder = river_folder(tmp_path, articles)
    app = make_app([folder], tmp_path / "state", tmp_path / "bookmarks.json")
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = await results_after_a_pause(pilot, "river", 2 * articles)
        results = screen.query_one("#results", ResultList)
        assert sum(1 for row in results.rows if row.hit is None) == articles
        assert len(screen._hits) == 2 * articles
        assert [limit for text, limit in asked if text == "river"] == [FIRST_HITS, RESULT_LIMIT]
        results.action_last()
        assert results.highlighted_hit == len(screen._hits) - 1  # rows still name their hit


async def test_an_article_s_hit_count_follows_the_rest_of_its_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first results are one article's first hits; when the rest arrive the rows stay,
    and the article's header said the count of the first listing ("16 hits" of 40)."""

    from borderread.ui.screens.search_results import FIRST_HITS

    folder = tmp_path / "one-long"
    folder.mkdir()
    paragraphs = [f"The river rose {n} metres by the old mill that morning." for n in range(40)]
    (folder / "river.txt").write_text("River log\n\n" + "\n\n".join(paragraphs) + "\n")
    app = make_app([folder], tmp_path / "state", tmp_path / "bookmarks.json")
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = await results_after_a_pause(pilot, "river", 40)
        results = screen.query_one("#results", ResultList)
        assert len(screen._hits) == 40 > FIRST_HITS
        headers = [row for row in results.rows if row.hit is None]
        assert [row.note for row in headers] == ["  40 hits"], headers


async def test_a_quick_search_shows_its_results_with_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once searches are quick, a key's results are found while the key is handled (no
    worker, so the key and its results are drawn in the same frame)."""
    from borderread.ui import quick_search

    monkeypatch.setattr(quick_search, "QUICK", 3600.0)
    monkeypatch.setattr(quick_search, "QUICK_LIMIT", 3600.0)
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = await open_results(pilot, "cara")  # the first search: in a worker
        in_workers: list[str] = []
        real = SearchResultsScreen._search
        monkeypatch.setattr(
            SearchResultsScreen, "_search", lambda self, text, *a: in_workers.append(text)
        )
        await pilot.press("v")
        assert screen._query == "carav" and screen._hits
        assert "for “carav”" in str(screen.query_one("#summary", Static).render())
        assert in_workers == []
        monkeypatch.setattr(SearchResultsScreen, "_search", real)


async def test_a_slow_search_on_the_ui_thread_is_left_to_a_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from borderread.ui import quick_search
    from borderread.ui.screens.search_results import ALL

    monkeypatch.setattr(quick_search, "QUICK", 3600.0)
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = await open_results(pilot, "cara")
        assert screen._times.is_quick(ALL)  # the next key searches on the UI thread ...
        monkeypatch.setattr(quick_search, "QUICK_LIMIT", -1.0)  # ... and runs past it
        in_workers: list[str] = []
        real = SearchResultsScreen._search

        def recording(self: SearchResultsScreen, text: str, *args: Any) -> None:
            in_workers.append(text)
            real(self, text, *args)

        monkeypatch.setattr(SearchResultsScreen, "_search", recording)
        await pilot.press("v")
        assert in_workers == ["carav"]
        for _ in range(100):
            await pilot.pause(0.02)
            if screen._query == "carav":
                break
        assert screen._query == "carav" and screen._hits  # found by the worker


async def test_the_summary_says_searching_only_when_a_search_takes_a_while(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from borderread.data.search import SearchIndex
    from borderread.ui import quick_search

    release = threading.Event()
    real_search = SearchIndex.search

    def slow(self: SearchIndex, query: Any, **kwargs: Any) -> Any:
        release.wait(10)
        return real_search(self, query, **kwargs)

    monkeypatch.setattr(SearchIndex, "search", slow)
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        try:
            await wait_ready(pilot)
            await pilot.press("s")
            await pilot.pause()
            screen = pilot.app.screen
            assert isinstance(screen, SearchResultsScreen)
            summary = screen.query_one("#summary", Static)
            monkeypatch.setattr(quick_search, "SAY_SEARCHING_AFTER", 3600.0)
            await pilot.press("x")
            await pilot.pause(0.05)
            assert "searching" not in str(summary.render())  # not at once: it would flash
            monkeypatch.setattr(quick_search, "SAY_SEARCHING_AFTER", 0.01)
            await pilot.press("y")  # "x" is still being looked for; "xy" takes a while
            for _ in range(100):
                await pilot.pause(0.02)
                if "searching" in str(summary.render()):
                    break
            assert str(summary.render()) == "searching for “xy”…"
        finally:
            release.set()
        for _ in range(100):
            await pilot.pause(0.02)
            if screen._query == "xy":
                break
        assert str(summary.render()) == "no matches for “xy”"


async def test_search_all_opens_again_with_the_last_query(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        await open_results(pilot, "caravan")
        await pilot.press("enter")  # to the passage
        await pilot.pause()
        await pilot.press("s")  # the box holds "caravan", and its results show
        screen = app.screen
        assert isinstance(screen, SearchResultsScreen)
        for _ in range(100):
            await pilot.pause(0.02)
            if screen._query == "caravan":
                break
        assert screen._query == "caravan" and screen._hits and app.is_running


async def test_downs_typed_at_once_move_through_the_results(tmp_path: Path) -> None:
    """As a terminal delivers them: the first Down moves to the list, the next move on."""
    from textual import events

    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        screen = await open_results(pilot, "caravan")
        for _ in range(3):
            app.post_message(events.Key("down", None))
        await pilot.pause()
        results = screen.query_one("#results", ResultList)
        assert app.focused is results and results.highlighted_hit == 2


async def test_a_paragraph_copied_in_other_articles_is_listed_once_and_says_so(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    paragraph = "Mention the licence of the logo in AUTHORS, with the year it was drawn."
    for name in ("gpg", "gpgsm", "gpgv", "dirmngr"):
        (folder / f"{name}.txt").write_text(f"Changes in {name}\n\n{paragraph}\n", "utf-8")
    fonts = "The licence of the fonts is open, " + "and so on and so forth, " * 20 + "it says."
    (folder / "fonts.txt").write_text(f"Fonts\n\n{fonts}\n", "utf-8")  # ranked second
    app = make_app([folder], tmp_path / "state", tmp_path / "state" / "bookmarks.json")
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = await open_results(pilot, "licence")
        rows = screen.query_one("#results", ResultList).rows
        headers = [row for row in rows if row.hit is None]
        assert len(screen._hits) == 2 and len(headers) == 2
        copied = next(row for row in headers if row.text.startswith("Changes in"))
        assert copied.note == "  1 hit · the same in 3 other articles"
        preview = str(screen.query_one("#preview-text", Static).render())
        assert "the same in" in preview
