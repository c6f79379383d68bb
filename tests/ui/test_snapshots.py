"""Snapshot tests of the main views at a fixed size and theme (regressions, not design)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from borderread.ui.app import BorderreadApp, make_app
from borderread.ui.widgets.reader_pane import ReaderPane
from tests.conftest import SEEDS
from tests.ui.helpers import wait_ready

SIZE = (110, 32)
SnapCompare = Callable[..., bool]


def _app(tmp_path: Path) -> BorderreadApp:
    app = make_app([SEEDS], tmp_path / "state", tmp_path / "state" / "bookmarks.json")
    app.theme = "textual-dark"
    return app


def _ready(
    then: Callable[[BorderreadApp], None] | None = None,
) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        app = await wait_ready(pilot)
        await app.workers.wait_for_complete()  # index built, bookmarks read
        if then is not None:
            then(app)
        await pilot.pause()

    return run_before


def test_main_view(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snap_compare(_app(tmp_path), terminal_size=SIZE, run_before=_ready())


def test_pdf_article_scrolled(snap_compare: SnapCompare, tmp_path: Path) -> None:
    def open_003(app: BorderreadApp) -> None:
        app.open_article("003_cbc59564459f8a6a.txt")

    assert snap_compare(
        _app(tmp_path), terminal_size=SIZE, run_before=_ready(open_003), press=["space"]
    )


def test_set_apart_text_shown(snap_compare: SnapCompare, tmp_path: Path) -> None:
    def open_004(app: BorderreadApp) -> None:
        app.open_article("004_bd8505de0a0b0494.txt")

    assert snap_compare(
        _app(tmp_path), terminal_size=SIZE, run_before=_ready(open_004), press=["a"]
    )


def test_outline(snap_compare: SnapCompare, tmp_path: Path) -> None:
    def open_001(app: BorderreadApp) -> None:
        app.open_article("001_256f042c0728b39f.txt")

    assert snap_compare(
        _app(tmp_path), terminal_size=SIZE, run_before=_ready(open_001), press=["t", "wait:200"]
    )


def test_help(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snap_compare(
        _app(tmp_path), terminal_size=SIZE, run_before=_ready(), press=["f1", "wait:200"]
    )


def test_filtered_sidebar(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snap_compare(
        _app(tmp_path),
        terminal_size=SIZE,
        run_before=_ready(),
        press=["tab", *"caravan", "wait:100"],
    )


def test_search_hits_highlighted(snap_compare: SnapCompare, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        app = await wait_ready(pilot)
        await app.workers.wait_for_complete()
        app.open_article("003_cbc59564459f8a6a.txt")
        await pilot.press("slash", *"migrants mexico")
        await app.workers.wait_for_complete()
        pane = app.query_one(ReaderPane)
        for _ in range(200):  # until this query's matches are on screen (a loaded machine)
            await pilot.pause(0.02)
            if pane.matches and not pane._searching:
                break
        await pilot.press("enter", "n")
        await pilot.pause()

    assert snap_compare(_app(tmp_path), terminal_size=SIZE, run_before=run_before)


def test_collection_results(snap_compare: SnapCompare, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        app = await wait_ready(pilot)
        await app.workers.wait_for_complete()
        await pilot.press("s", *"caravan tapachula")
        await pilot.app.screen.workers.wait_for_complete()
        await app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(_app(tmp_path), terminal_size=SIZE, run_before=run_before)


def test_bookmarks_view(snap_compare: SnapCompare, tmp_path: Path) -> None:
    from dataclasses import replace

    from borderread.data.anchoring import anchor_for, make_bookmark
    from borderread.data.bookmarks import BookmarkStore
    from borderread.data.corpus import load_corpus

    article = load_corpus([SEEDS]).find("003")
    store = BookmarkStore(tmp_path / "state" / "bookmarks.json")
    store.load()
    for paragraph, note in ((8, "the null effect"), (16, "")):
        bookmark = make_bookmark(article, anchor_for(article, paragraph), note, set())
        fixed = replace(
            bookmark,
            id=f"b{paragraph}",
            created="2026-11-22T12:00:00Z",
            updated="2026-11-22T12:00:00Z",
        )
        assert store.add(fixed) is None
    assert snap_compare(
        _app(tmp_path), terminal_size=SIZE, run_before=_ready(), press=["wait:300", "B", "wait:200"]
    )


def test_main_view_in_a_light_theme(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app = _app(tmp_path)
    app.theme = "solarized-light"
    assert snap_compare(app, terminal_size=SIZE, run_before=_ready())
