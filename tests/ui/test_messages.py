"""Workers post typed results; the flow of messages, watched with ``message_hook``."""

from __future__ import annotations

from pathlib import Path

from textual.message import Message

from borderread.ui.app import make_app
from borderread.ui.messages import ArticlesLoaded, LoadingFinished, MatchesFound, ResultsFound
from borderread.ui.saving import SaveDone, SaveOutcome
from borderread.ui.screens.search_results import SearchResultsScreen
from borderread.ui.widgets.reader_pane import ReaderPane
from tests.conftest import SEEDS
from tests.ui.helpers import wait_ready


async def test_loading_searching_and_saving_arrive_as_messages(tmp_path: Path) -> None:
    import shutil

    seen: list[Message] = []
    folder = tmp_path / "articles"  # not in the collection cache: the loader lists them
    shutil.copytree(SEEDS, folder)
    app = make_app([folder], tmp_path / "state", tmp_path / "bookmarks.json")
    async with app.run_test(size=(120, 34), message_hook=seen.append) as pilot:
        await wait_ready(pilot)
        await app.saver.drain()
        await pilot.pause()
        loaded = [m for m in seen if isinstance(m, ArticlesLoaded)]
        finished = [i for i, m in enumerate(seen) if isinstance(m, LoadingFinished)]
        assert loaded and finished and seen.index(loaded[-1]) < finished[0]
        assert loaded[-1].done == loaded[-1].total == 5
        assert sum(len(m.batch) for m in loaded) == 5  # the one shown first is passed on too
        assert any(isinstance(m, SaveDone) and m.kind == "bookmarks-loaded" for m in seen)

        await pilot.press("slash", *"border")
        pane = app.query_one(ReaderPane)
        for _ in range(100):
            await pilot.pause(0.02)
            if pane._matches_text == "border":
                break
        # Keys after the first may search at once (see borderread.ui.quick_search).
        found = [m for m in seen if isinstance(m, MatchesFound) and "border".startswith(m.text)]
        assert found and found[-1].matches
        assert pane._matches_text == "border" and len(pane.matches)
        await pilot.press("enter", "m")
        await pilot.pause()
        await pilot.press("enter")
        await app.saver.drain()
        await pilot.pause()
        saves = [m for m in seen if isinstance(m, SaveDone) and m.kind == "bookmarks"]
        assert saves and isinstance(saves[-1].result, SaveOutcome) and saves[-1].result.saved

        await pilot.press("s", *"tapachula")
        screen = app.screen
        assert isinstance(screen, SearchResultsScreen)
        for _ in range(100):
            await pilot.pause(0.02)
            if screen._query == "tapachula":
                break
        # The first key's search runs in a worker; once searches prove quick, the next
        # keys' run while the key is handled (see borderread.ui.quick_search).
        results = [
            m for m in seen if isinstance(m, ResultsFound) and "tapachula".startswith(m.text)
        ]
        assert results and {h.article_id for h in results[-1].hits} <= set(results[-1].articles)
        assert screen._query == "tapachula" and screen._hits
