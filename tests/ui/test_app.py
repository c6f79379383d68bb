"""Pilot tests of the reader app: keys, sidebar, modes, screens and remembering."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from borderread.data.corpus import Source
from borderread.data.models import Article
from borderread.ui.app import BorderreadApp, make_app
from borderread.ui.screens.help import HelpScreen
from borderread.ui.screens.outline import OutlineScreen
from borderread.ui.widgets.article_list import ArticleList
from borderread.ui.widgets.reader import ReaderView
from borderread.ui.widgets.sidebar import Sidebar
from tests.conftest import SEEDS
from tests.ui.helpers import screen_text, wait_ready

SIZE = (110, 32)


def app_for(tmp_path: Path, *paths: Path) -> BorderreadApp:
    return make_app(
        list(paths) or [SEEDS], tmp_path / "state", tmp_path / "state" / "bookmarks.json"
    )


async def test_opens_the_first_seed_with_all_five_listed(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        assert app.reader.article is not None
        assert app.reader.article.id.startswith("000")
        assert len(app.query_one(Sidebar).shown_ids) == 5
        assert "The U.S.-Mexico border is the largest migration corridor" in screen_text(app)
        assert app.focused is app.reader


async def test_less_and_vim_scroll_keys(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        reader = app.reader
        page = reader.scrollable_content_region.height
        await pilot.press("j", "j", "j")
        assert reader.scroll_y == 3
        await pilot.press("k")
        assert reader.scroll_y == 2
        await pilot.press("space")
        assert reader.scroll_y == 2 + page - 1
        await pilot.press("b")
        assert reader.scroll_y == 2
        await pilot.press("d")
        assert reader.scroll_y == 2 + page // 2
        await pilot.press("u")
        assert reader.scroll_y == 2
        await pilot.press("G")
        assert reader.scroll_y == reader.max_scroll_y > 0
        await pilot.press("g")
        assert reader.scroll_y == 0
        await pilot.press("f")
        assert reader.scroll_y == page - 1


async def test_paragraph_keys_land_on_paragraph_starts(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        reader = app.reader
        await pilot.press("right_curly_bracket")
        first = reader.scroll_y
        block, offset, _ = reader.position()
        assert (block, offset) == (0, 0)  # 000 has no title line: its first block is body
        await pilot.press("right_curly_bracket")
        assert reader.scroll_y > first
        assert reader.position()[:2] == (1, 0)
        await pilot.press("left_curly_bracket")
        assert reader.scroll_y == first


async def test_next_and_previous_article(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        await pilot.press("right_square_bracket")
        assert app.reader.article and app.reader.article.id.startswith("001")
        await pilot.press("J")
        assert app.reader.article.id.startswith("002")
        await pilot.press("left_square_bracket", "K")
        assert app.reader.article.id.startswith("000")
        assert app.reader.scroll_y == 0


async def test_filter_as_you_type_is_accent_insensitive_and_keys_are_text(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        sidebar = app.query_one(Sidebar)
        app.query_one("#filter").focus()
        await pilot.press(*"fernandez")
        assert [i[:3] for i in sidebar.shown_ids] == ["000"]
        await pilot.press("escape")
        assert len(sidebar.shown_ids) == 5
        app.query_one("#filter").focus()
        await pilot.press(*"quit ]tj")  # none of these act as commands while typing
        assert app.is_running
        assert app.reader.article and app.reader.article.id.startswith("000")
        assert app.query_one("#filter").value == "quit ]tj"  # type: ignore[attr-defined]


async def test_filter_enter_opens_the_best_match(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        app.query_one("#filter").focus()
        await pilot.press(*"collusion", "enter")
        assert app.reader.article and app.reader.article.id.startswith("002")
        assert app.focused is app.reader


async def test_tab_moves_between_panes(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        await pilot.press("tab")
        assert app.focused is app.query_one("#filter")
        await pilot.press("tab")
        assert isinstance(app.focused, ArticleList)
        await pilot.press("j", "enter")
        assert app.reader.article and app.reader.article.id.startswith("001")
        assert isinstance(app.focused, ReaderView)


async def test_clicking_an_article_opens_it(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        await pilot.click(ArticleList, offset=(3, 7))  # every entry takes three rows
        await pilot.pause()
        assert app.reader.article and app.reader.article.id.startswith("002")


async def test_raw_and_set_apart_views(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        app.open_article("004_bd8505de0a0b0494.txt")
        await pilot.pause()
        assert "Facebook" not in screen_text(app)
        await pilot.press("a")
        assert "[share] Facebook Instagram Twitter YouTube" in screen_text(app)
        await pilot.press("a", "r")
        assert app.reader.raw
        assert screen_text(app).lstrip().startswith("Facebook Instagram Twitter YouTube")
        await pilot.press("r")
        assert not app.reader.raw
        assert "A Migrant Caravan Breaks Through" in screen_text(app)


async def test_measure_changes_and_is_remembered(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=(140, 32)) as pilot:
        app = await wait_ready(pilot)
        start = app.reader.measure
        await pilot.press("minus", "minus")
        assert app.reader.measure == start - 8
        longest = max(len(line.strip()) for line in screen_text(app).splitlines())
        assert longest <= start - 8
        await pilot.press("plus")
        assert app.reader.measure == start - 4
        await app.action_quit()
    saved = json.loads((tmp_path / "state" / "state.json").read_text())
    assert saved["measure"] == start - 4


async def test_outline_jumps_to_a_heading(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, OutlineScreen)
        await pilot.press("j", "j", "enter")
        await pilot.pause()
        article = app.reader.article
        assert article is not None
        block = article.blocks[app.reader.position()[0]]
        assert (block.role, block.text) == (
            "heading",
            "Immigration Is an Engine of the U.S. Economy",
        )


async def test_help_lists_every_reader_key(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        text = " ".join(str(s.render()) for s in pilot.app.screen.query("Static"))
        for description in (
            "Next paragraph",
            "Half page down",
            "Next article",
            "Outline",
            "Command palette",
            "Clear the filter",
        ):
            assert description in text
        await pilot.press("escape")
        assert not isinstance(pilot.app.screen, HelpScreen)


async def test_sidebar_toggle_is_remembered(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        await pilot.press("ctrl+b")
        assert not app.query_one(Sidebar).display
        await app.action_quit()
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        assert not app.query_one(Sidebar).display


async def test_reading_position_survives_a_restart_and_a_resize(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        app.open_article("003_cbc59564459f8a6a.txt")
        await pilot.press(*"jjjjjjjjjjjjjjjjjjjj")
        before = app.reader.position()[:2]
        await pilot.press("right_square_bracket")
        await app.action_quit()
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        assert app.reader.article and app.reader.article.id.startswith("004")
        await pilot.press("left_square_bracket")
        assert app.reader.position()[:2] == before
        await pilot.resize_terminal(70, 25)
        await pilot.pause()
        block, offset, _ = app.reader.position()
        assert block == before[0]
        assert offset <= before[1] + 70


async def test_corrupt_state_is_set_aside_with_a_notice(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "state.json").write_text("{ not json")
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_ready(pilot)
        messages = [n.message for n in app._notifications]
        assert any("moved it to" in m for m in messages)
    assert len(list(state.glob("state.json.corrupt-*"))) == 1


async def test_theme_is_remembered_and_styles_the_first_screen(tmp_path: Path) -> None:
    """The theme comes back, and colours every widget of the first screen exactly as
    choosing it again does (Textual's full restyle, which the first screen spares)."""
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        app.theme = "nord"
        await pilot.pause()
        await app.action_quit()
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        assert app.theme == "nord"
        first = app.export_screenshot()
        app.theme = "textual-light"
        await pilot.pause(0.1)
        assert app.export_screenshot() != first  # the comparison can tell themes apart
        app.theme = "nord"
        await pilot.pause(0.1)
        assert app.export_screenshot() == first


async def _run_from_palette(pilot: Pilot[None], command: str) -> None:
    """Open the command palette, type ``command`` and press Enter on the best match."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*command)
    await pilot.pause(0.5)
    await pilot.press("enter")
    await pilot.pause()


async def test_palette_opens_an_article(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        await _run_from_palette(pilot, "Open: collusion against")
        assert app.reader.article and app.reader.article.id.startswith("002")


async def test_palette_opens_the_search_prompt(tmp_path: Path) -> None:
    from borderread.ui.widgets.reader_pane import ReaderPane

    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        await _run_from_palette(pilot, "Search this article")
        bar = app.query_one(ReaderPane).find_bar
        assert bar.is_open and app.focused is bar.input


async def test_next_article_pressed_before_the_list_has_loaded_is_not_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_for_real = BorderreadApp._load_articles
    monkeypatch.setattr(BorderreadApp, "_load_articles", lambda self, shown: None)
    monkeypatch.setattr(BorderreadApp, "_list_cached_collection", lambda self: None)
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.reader.article and app.reader.article.id.startswith("000")
        assert app.query_one(Sidebar).shown_ids == []  # shown before the folder was scanned
        await pilot.press("right_square_bracket")
        assert app.reader.article.id.startswith("000")
        load_for_real(app, app.reader.article)
        await wait_ready(pilot)
        assert app.reader.article.id.startswith("001")


async def test_the_article_shown_before_the_scan_is_not_loaded_twice(tmp_path: Path) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        shown = app.reader.article
        assert shown is not None
        assert [a.id for a in app.articles].count(shown.id) == 1
        assert next(a for a in app.articles if a.id == shown.id) is shown
        assert [a.id[:3] for a in app.articles] == ["000", "001", "002", "003", "004"]


async def test_clicking_a_heading_in_the_outline_jumps_there(tmp_path: Path) -> None:

    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        app.open_article("001_256f042c0728b39f.txt")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        outline = app.screen.query_one(OptionList)
        second_heading = outline.get_option_at_index(2)
        await pilot.click(OptionList, offset=(4, 4))  # row 0: border, 1-2: title, 3: heading 1
        await pilot.pause()
        assert not isinstance(app.screen, OutlineScreen)
        article = app.reader.article
        assert article is not None
        block = app.reader.position()[0]
        assert article.blocks[block].role == "heading"
        assert str(block) == second_heading.id


async def test_the_mouse_wheel_scrolls_the_reader(tmp_path: Path) -> None:
    from textual.events import MouseScrollDown

    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        reader = app.reader
        for _ in range(3):
            reader.post_message(
                MouseScrollDown(
                    reader, 10, 10, 0, 0, 0, False, False, False, screen_x=50, screen_y=10
                )
            )
            await pilot.pause()
        assert reader.scroll_y > 0


async def test_the_collector_paused_for_start_up_is_back_on_after_the_first_paint(
    tmp_path: Path,
) -> None:
    import gc

    from borderread import collector

    collector.pause()
    try:
        async with app_for(tmp_path).run_test(size=SIZE) as pilot:
            await wait_ready(pilot)
            assert gc.isenabled()
            assert not collector.is_paused()
    finally:
        collector.resume()
        gc.enable()


async def test_the_open_article_is_kept_in_the_cache_and_shown_from_it_next_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import borderread.data.corpus as corpus

    first = app_for(tmp_path)
    first.cache_folder = tmp_path / "cache"
    async with first.run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        await pilot.press("bracketright")
        opened = app.reader.article
        assert opened is not None
        app._cache_open_article()
        await app.workers.wait_for_complete()
    loaded: list[str] = []
    real_load = corpus.load_article

    def counting_load(source: Source) -> Article:
        loaded.append(source.id)
        return real_load(source)

    monkeypatch.setattr(corpus, "load_article", counting_load)
    second = app_for(tmp_path)
    second.cache_folder = tmp_path / "cache"
    async with second.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        assert second.reader.article == opened
        assert loaded == []  # shown from the article cache, the others from the collection's


async def test_the_first_article_is_wrapped_once_at_start_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Wrapping a big article is the costly part of showing it: not twice for one width."""
    from borderread.ui import layout as layout_module
    from borderread.ui.layout import DisplayBlock

    widths: list[int] = []
    real_build = layout_module.build_layout

    def counting_build(blocks: list[DisplayBlock], width: int) -> object:
        widths.append(width)
        return real_build(blocks, width)

    monkeypatch.setattr("borderread.ui.widgets.reader.build_layout", counting_build)
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        await pilot.pause()
        assert app.reader.article is not None
        assert len(widths) == 1
        assert widths[0] == app.reader._effective_width()


async def test_the_first_frame_shows_the_article_at_its_saved_position(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        await pilot.press("space", "space")
        saved_top = app.reader.scroll_y
        saved_block, saved_offset, _ = app.reader.position()
        await app.action_quit()
    assert saved_top > 0

    first_frame: list[tuple[bool, float]] = []
    real_display = BorderreadApp._display

    def recording_display(self: BorderreadApp, screen: object, renderable: object) -> None:
        if not first_frame:
            first_frame.append((self.reader._layout is not None, self.reader.scroll_y))
        real_display(self, screen, renderable)  # type: ignore[arg-type]

    monkeypatch.setattr(BorderreadApp, "_display", recording_display)
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        assert app.reader._layout is not None
        # A page can end on the blank line before a paragraph: that paragraph is the place.
        expected = app.reader._layout.line_of(saved_block, saved_offset)
        assert abs(expected - saved_top) <= 1
        assert first_frame == [(True, expected)]


async def test_the_position_of_the_first_article_is_announced_on_a_first_start(
    tmp_path: Path,
) -> None:
    """Laid out while the screen renders, the reader still tells the app where it is."""
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        assert app.reader.article is not None
        assert app.reader.article.id in app.state.positions


async def test_the_cache_tick_while_the_app_closes_is_harmless(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        reader = app.reader
        await reader.remove()  # what the interval can find while the app shuts down
        app._cache_open_article()
        await pilot.pause()
        assert app.is_running


def _count_app_loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the articles ``corpus.load_article`` cleans from now on, in this process."""
    import borderread.data.corpus as corpus

    loaded: list[str] = []
    real_load = corpus.load_article

    def counting_load(source: Source) -> Article:
        loaded.append(source.id)
        return real_load(source)

    monkeypatch.setattr(corpus, "load_article", counting_load)
    return loaded


async def test_the_first_article_prepared_in_a_child_process_is_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from borderread import prefetch
    from tests.test_prefetch import _big_article

    path = _big_article(tmp_path / "articles")
    early = prefetch.start([path.parent], None, tmp_path / "cache")
    assert early is not None
    loaded = _count_app_loads(monkeypatch)  # patched after the fork: the app's loads only
    app = make_app([path.parent], tmp_path / "state", tmp_path / "bookmarks.json", early)
    app.cache_folder = tmp_path / "cache"
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        assert app.reader.article is not None and app.reader.article.title == "A big article"
        assert loaded == []


async def test_a_first_start_shows_the_first_article_as_the_child_cleaned_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A small collection, nothing cached: the child cleans it all into the collection
    cache while Textual is imported, and the app cleans nothing itself (not even the
    article it opens first, whose cleaning imported the cleaner's modules: ~20 ms)."""
    import shutil

    import borderread.data.corpus as corpus
    from borderread import prefetch

    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    early = prefetch.start([folder], None, tmp_path / "cache")
    assert early is not None and early.article_pid is None  # small: no article child
    first = sorted(folder.iterdir())[0]
    expected = corpus.load_article(Source(first, first.name))
    loaded = _count_app_loads(monkeypatch)  # patched after the fork: the app's loads only
    app = make_app([folder], tmp_path / "state", tmp_path / "bookmarks.json", early)
    app.cache_folder = tmp_path / "cache"
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        assert app.reader.article is not None and app.reader.article.path == first
        assert app.reader.article.title == expected.title
        assert len(app.articles) == len(list(folder.iterdir()))
        assert loaded == []


async def test_a_restart_lists_the_cached_collection_without_a_child_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A small collection the cache holds whole: listed before forking, and no child is
    started (one only looked it up again, and cost a restart ~16 ms in tmux)."""
    import shutil

    from borderread import prefetch

    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    first = prefetch.start([folder], None, tmp_path / "cache")
    assert first is not None and first.collection_ready(timeout=30)  # the first start
    forks: list[object] = []
    real_fork = prefetch._fork

    def counting_fork(work: Callable[[int], None]) -> object:
        forks.append(work)
        return real_fork(work)

    monkeypatch.setattr(prefetch, "_fork", counting_fork)
    early = prefetch.start([folder], None, tmp_path / "cache")
    assert forks == [] and early is not None
    loaded = _count_app_loads(monkeypatch)
    app = make_app([folder], tmp_path / "state", tmp_path / "bookmarks.json", early)
    app.cache_folder = tmp_path / "cache"
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        assert [a.path for a in app.articles] == sorted(folder.iterdir())
        assert app.reader.article is not None and app.reader.article.path == app.articles[0].path
        assert loaded == []


async def test_palette_titles_are_unique_and_a_screenshot_says_where_it_went(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # no ~/Pictures (nor ~/Downloads) yet
    async with app_for(tmp_path).run_test(size=SIZE, notifications=True) as pilot:
        app = await wait_ready(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert len(titles) == len(set(titles)), titles
        app.action_save_screenshot()
        await pilot.pause()
        saved = list((tmp_path / "home" / "Pictures").glob("*.svg"))
        assert len(saved) == 1
        assert any(str(saved[0]) in n.message for n in app._notifications)


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "solarized-light", "nord"])
async def test_muted_text_is_readable_in_every_theme(tmp_path: Path, theme: str) -> None:
    """The byline and the sidebar's details (``$text-muted``) against their background."""
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        app.theme = theme
        await pilot.pause(0.2)
        listed = app.query_one(ArticleList)
        shown = [app.reader.render_line(y) for y in range(10)]
        byline = next(strip for strip in shown if strip.text.strip().startswith("by "))
        lines = [
            ("title", shown[0]),
            ("byline", byline),
            ("details", listed.render_line(5)),  # the second entry: not the cursor row
        ]
        article = app.reader.article
        assert article is not None and article.headings
        app.reader.jump_to(article.blocks.index(article.headings[0]))
        await pilot.pause()
        lines.append(("heading", app.reader.render_line(0)))
        for what, strip in lines:
            segment = next(s for s in strip if s.text.strip() and s.style is not None)
            assert segment.style is not None
            assert segment.style.color is not None and segment.style.bgcolor is not None
            color, background = segment.style.color.triplet, segment.style.bgcolor.triplet
            assert color is not None and background is not None
            ratio = _contrast(
                (color.red, color.green, color.blue),
                (background.red, background.green, background.blue),
            )
            assert ratio >= 3.0, (theme, what, segment.text, color, background, ratio)


async def test_plus_and_minus_work_on_the_width_shown(tmp_path: Path) -> None:
    """At 80x24 the pane is narrower than the measure (76): the status says what is shown,
    + says it is at the widest, the first - makes the text narrower at once."""
    async with app_for(tmp_path).run_test(size=(80, 24), notifications=True) as pilot:
        app = await wait_ready(pilot)
        reader = app.reader
        shown = reader.shown_width
        assert shown < reader.measure
        status = str(app.query_one("#status").render())
        assert f"{shown} cols" in status and f"{reader.measure} cols" not in status
        await pilot.press("plus")
        await pilot.pause()
        assert reader.shown_width == shown
        assert any("as wide as the pane allows" in n.message for n in app._notifications)
        await pilot.press("minus")
        await pilot.pause()
        assert reader.shown_width == shown - 4
        longest = max(len(line.strip()) for line in screen_text(app).splitlines())
        assert shown - 4 - 8 < longest <= shown - 4  # the text really is narrower


async def test_the_readme_key_table_and_f1_agree(tmp_path: Path) -> None:
    """Every key the reader's F1 lists is in README's key table (and F1 is generated from
    the bindings, so a new binding without a README row fails here)."""
    import re

    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text()
    table = readme[readme.index("### Keys") : readme.index("### Where data is kept")]
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        missing = [
            (key, what)
            for _, rows in app.screen._sections
            for keys, what in rows
            for key in re.split(r" / |, | ", keys)
            if key and key != "type" and f"`{key}`" not in table
        ]
        assert not missing, missing


async def test_a_small_cached_collection_is_listed_in_the_first_frame(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    first = make_app([folder], tmp_path / "state", tmp_path / "bookmarks.json")
    async with first.run_test(size=SIZE) as pilot:
        assert first._listed_early is None  # nothing cached yet: the loader lists them
        await wait_ready(pilot)
    again = make_app([folder], tmp_path / "state", tmp_path / "bookmarks.json")
    async with again.run_test(size=SIZE) as pilot:
        sidebar = again.query_one(Sidebar)
        assert len(sidebar.shown_ids) == 5 and again._listed_early == []  # before any worker
        assert "5 articles" in str(sidebar.query_one("#sidebar-status").render())
        assert again.reader.article is not None
        shown = again.reader.article
        assert again.find_article(shown.id) is shown  # one copy of the open article
        await wait_ready(pilot)
        assert again.loaded and len(again.articles) == 5
        assert shown.id != "002_b709267a969255ed.txt"
        (folder / "002_b709267a969255ed.txt").write_text("Edited\n\nNew text here.\n")
    edited = make_app([folder], tmp_path / "state", tmp_path / "bookmarks.json")
    async with edited.run_test(size=SIZE) as pilot:
        assert edited._listed_early is None  # a file changed: the loader cleans it again
        await wait_ready(pilot)
        assert "Edited" in [a.title for a in edited.articles]


async def test_a_slow_first_article_does_not_hold_up_the_first_screen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    import borderread.data.corpus as corpus
    from borderread import prefetch
    from tests.test_prefetch import _big_article

    path = _big_article(tmp_path / "articles")
    real_load = corpus.load_article

    def slow_load(source: Source) -> Article:
        time.sleep(1.5)  # a page or PDF that takes a while to extract
        return real_load(source)

    monkeypatch.setattr(corpus, "load_article", slow_load)
    early = prefetch.start([path.parent], None, tmp_path / "cache")  # the child is slow
    monkeypatch.setattr(corpus, "load_article", real_load)
    assert early is not None and early.article_pid is not None
    app = make_app([path.parent], tmp_path / "state", tmp_path / "bookmarks.json", early)
    app.cache_folder = tmp_path / "cache"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.reader.article is None  # drawn without it, saying what it reads
        assert "Reading big.txt…" in str(app.query_one("#status").render())
        await wait_ready(pilot)
        assert app.reader.article is not None and app.reader.article.title == "A big article"
        assert len(app.articles) == 1  # read once, listed once


async def test_a_big_collection_says_it_is_indexing_until_search_covers_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from borderread.data import search_cache

    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(70):
        (folder / f"a{n:02}.txt").write_text(f"Title {n}\n\nThe body of article number {n}.\n")
    release = threading.Event()
    real_load = search_cache.load_index

    def slow_load(*args: object, **kwargs: object) -> object:
        release.wait(10)
        return real_load(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(search_cache, "load_index", slow_load)
    app = make_app([folder], tmp_path / "state", tmp_path / "bookmarks.json")
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        status = app.query_one("#sidebar-status")
        assert str(status.render()) == "70 articles · indexing…"
        release.set()
        for _ in range(100):
            if app.searching.index is not None:
                break
            await pilot.pause(0.05)
        await pilot.pause()
        assert str(status.render()) == "70 articles"
        assert app.searching.index is not None and "a69.txt" in app.searching.index


async def test_a_big_collection_scanned_in_a_child_is_listed_whole_and_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from borderread import prefetch
    from borderread.data import corpus
    from borderread.data.collection_cache import CollectionCache
    from borderread.data.search import SearchIndex
    from borderread.data.search_cache import save_index
    from borderread.ui import searching
    from tests.test_prefetch import _big_collection

    folder = _big_collection(tmp_path)
    expected = corpus.load_corpus([folder], CollectionCache(tmp_path / "cache")).articles
    save_index(tmp_path / "cache", SearchIndex(expected))  # else the app reads all to index
    early = prefetch.start([folder], None, tmp_path / "cache")
    assert early is not None
    walks: list[object] = []  # patched after the fork: counts the app's own walks
    real_discover = corpus.discover

    def counting_discover(*args: Any, **kwargs: Any) -> Any:
        walks.append(args)
        return real_discover(*args, **kwargs)

    monkeypatch.setattr(corpus, "discover", counting_discover)
    monkeypatch.setattr(searching, "TEXTS_KEPT_BYTES", 0)  # texts read only when needed
    app = make_app([folder], tmp_path / "state", tmp_path / "bookmarks.json", early)
    app.cache_folder = tmp_path / "cache"
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        assert [a.id for a in app.articles] == [a.id for a in expected]
        assert walks == [] and app.reader.article is not None
        unread = [a for a in app.articles if a is not app.reader.article]
        assert unread and not any(article.is_read for article in unread)
        assert len(app.query_one(Sidebar).shown_ids) == len(expected)


async def test_the_loader_and_the_search_warm_up_never_look_at_a_widget_off_the_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from borderread.data.search import SearchIndex
    from borderread.ui import searching

    monkeypatch.setattr(searching, "WARM_CHARS", 10)
    monkeypatch.setattr(searching, "WARM_AFTER", 0.01)
    readers: list[str] = []
    prepared = threading.Event()
    real_reader = BorderreadApp.reader.fget  # type: ignore[attr-defined]
    real_prepare = SearchIndex.prepare_article

    def reader(app: BorderreadApp) -> ReaderView:
        readers.append(threading.current_thread().name)
        return real_reader(app)  # type: ignore[no-any-return]

    def prepare(index: SearchIndex, article_id: str) -> None:
        real_prepare(index, article_id)
        prepared.set()

    monkeypatch.setattr(BorderreadApp, "reader", property(reader))
    monkeypatch.setattr(SearchIndex, "prepare_article", prepare)
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        for _ in range(100):
            if prepared.is_set():
                break
            await pilot.pause(0.02)
    assert prepared.is_set()  # the open article was prepared in a worker...
    assert set(readers) == {threading.main_thread().name}  # no worker asked for a widget


async def test_a_new_theme_restyles_the_lines_already_drawn(tmp_path: Path) -> None:
    """The lists and the reader keep their lines' styles between frames: a theme change
    must reach them (the background of every line changes from dark to light)."""
    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        app.theme = "textual-dark"
        await pilot.pause(0.2)
        listed = app.query_one(ArticleList)

        def backgrounds() -> list[object]:
            strips = [listed.render_line(5), listed.render_line(0), app.reader.render_line(0)]
            return [next(s.style.bgcolor for s in strip if s.style) for strip in strips]

        dark = backgrounds()
        app.theme = "textual-light"
        await pilot.pause(0.2)
        light = backgrounds()
        assert all(a != b for a, b in zip(dark, light, strict=True)), (dark, light)


async def test_the_outline_indents_each_section_under_its_parent(tmp_path: Path) -> None:
    doc = tmp_path / "doc"
    doc.mkdir()
    (doc / "guide.md").write_text(
        "# Guide\n\nIntro text of the guide.\n\n## Install\n\nHow to install it.\n\n"
        "### On Linux\n\nWith the package manager.\n\n## Use\n\nHow to use it.\n",
        encoding="utf-8",
    )
    async with app_for(tmp_path, doc).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        await pilot.press("t")
        await pilot.pause()
        outline = app.screen.query_one(OptionList)
        shown = [str(outline.get_option_at_index(i).prompt) for i in range(outline.option_count)]
        assert shown == ["Guide", "  Install", "    On Linux", "  Use"]


async def test_every_kind_of_text_is_drawn_with_its_style(tmp_path: Path) -> None:
    """Block kinds and inline styles: those the theme decides come from Textual's
    components, the rest from ``FIXED_STYLES``; each is drawn as it should look."""
    from borderread.ui.layout import Kind
    from borderread.ui.widgets.reader import _INLINE_STYLE_NAMES, FIXED_STYLES

    names = {f"reader--{kind}" for kind in Kind.__args__} | {  # type: ignore[attr-defined]
        f"reader--{name}" for name in _INLINE_STYLE_NAMES
    }
    assert names <= ReaderView.COMPONENT_CLASSES | set(FIXED_STYLES)
    assert not ReaderView.COMPONENT_CLASSES & set(FIXED_STYLES)
    page = tmp_path / "styles.md"
    page.write_text(
        "# Styles\n\nSome **bold words**, *leaning ones*, ~~struck out~~ and `a code`.\n\n"
        "| left | right |\n|---|---|\n| one | two |\n"
    )
    async with app_for(tmp_path, page).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        strips = [app.reader.render_line(y) for y in range(20)]
        segments = {s.text.strip(): s.style for strip in strips for s in strip if s.text.strip()}
        bold, lean = segments["bold words"], segments["leaning ones"]
        struck = segments["struck out"]
        assert bold is not None and bold.bold and not bold.italic
        assert lean is not None and lean.italic and not lean.bold
        assert struck is not None and struck.strike
        plain, cell = segments["Some"], segments["one"]
        assert plain is not None and not (plain.bold or plain.italic or plain.strike)
        assert cell is not None and not cell.bold and cell.color == plain.color
        code = segments["a code"]
        assert code is not None and code.color != plain.color


async def test_keys_queued_after_tab_reach_the_box_it_focuses(tmp_path: Path) -> None:
    """Tab and the letters after it, delivered at once (typed while the reader starts):
    the letters were taken as keys before Tab had moved the focus, so ``t`` opened the
    outline instead of going into the filter box."""
    from textual import events

    async with app_for(tmp_path).run_test(size=SIZE) as pilot:
        app = await wait_ready(pilot)
        for key, char in [("tab", "\t"), *((c, c) for c in "trum")]:
            app.post_message(events.Key(key, char))
        await pilot.pause(0.2)
        assert not isinstance(app.screen, OutlineScreen)
        assert app.focused is app.query_one("#filter")
        assert app.query_one("#filter").value == "trum"  # type: ignore[attr-defined]
