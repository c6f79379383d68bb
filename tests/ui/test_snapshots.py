"""Snapshot tests of the main views at a fixed size and theme (regressions, not design)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from borderread.ui.app import BorderreadApp, make_app
from tests.conftest import SEEDS
from tests.ui.helpers import wait_ready

SIZE = (110, 32)
SnapCompare = Callable[..., bool]


def _app(tmp_path: Path) -> BorderreadApp:
    app = make_app([SEEDS], tmp_path / "state")
    app.theme = "textual-dark"
    return app


def _ready(
    then: Callable[[BorderreadApp], None] | None = None,
) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        app = await wait_ready(pilot)
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
    def open_003(app: BorderreadApp) -> None:
        app.open_article("003_cbc59564459f8a6a.txt")

    assert snap_compare(
        _app(tmp_path),
        terminal_size=SIZE,
        run_before=_ready(open_003),
        press=["slash", *"migrants mexico", "wait:400", "enter", "n", "wait:200"],
    )


def test_collection_results(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snap_compare(
        _app(tmp_path),
        terminal_size=SIZE,
        run_before=_ready(),
        press=["s", *"caravan tapachula", "wait:500"],
    )
