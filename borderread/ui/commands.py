"""Command palette: every article, alongside Textual's own commands and the app's actions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, cast

from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from borderread.ui.coordinator import Coordinator
from borderread.ui.widgets.reader import ReaderView
from borderread.ui.widgets.reader_pane import ReaderPane

DISCOVER_LIMIT = 20


class ArticleCommands(Provider):
    """ "Open: <title>" for each article. Titles are shown as plain text, never markup."""

    @property
    def _app(self) -> Coordinator:
        return cast(Coordinator, self.app)

    async def discover(self) -> Hits:
        for article in self._app.articles[:DISCOVER_LIMIT]:
            yield DiscoveryHit(
                Content(f"Open: {article.title}"),
                lambda a=article.id: self._app.open_article(a),
                text=f"Open: {article.title}",
                help=article.id,
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for article in self._app.articles:
            text = f"Open: {article.title}"
            score = matcher.match(text)
            if score > 0:
                display = Content(text)
                for offset in matcher.fuzzy_search.match(matcher.query, text)[1]:
                    display = display.stylize(matcher.match_style, offset, offset + 1)
                yield Hit(
                    score,
                    display,
                    lambda a=article.id: self._app.open_article(a),
                    text=text,
                    help=article.id,
                )


class ReaderActions(Protocol):
    """The app's actions that the palette offers (``ui.app.BorderreadApp`` has them)."""

    @property
    def reader(self) -> ReaderView: ...

    def query_one(self, selector: type[ReaderPane]) -> ReaderPane: ...

    def action_next_article(self) -> None: ...

    def action_previous_article(self) -> None: ...

    def action_outline(self) -> None: ...

    def action_toggle_sidebar(self) -> None: ...

    def action_search_all(self) -> None: ...

    def action_bookmark(self) -> None: ...

    def action_bookmarks(self) -> None: ...

    def action_help(self) -> None: ...


def reader_commands(app: ReaderActions) -> Iterator[SystemCommand]:
    """The reader's actions in the command palette, with the key each has."""
    reader = app.reader
    yield SystemCommand("Next article", "Open the next article", app.action_next_article)
    yield SystemCommand(
        "Previous article", "Open the previous article", app.action_previous_article
    )
    yield SystemCommand("Outline", "Jump to a heading", app.action_outline)
    yield SystemCommand(
        "Toggle sidebar", "Hide or show the article list", app.action_toggle_sidebar
    )
    yield SystemCommand(
        "Show original / reader mode", "Toggle the untouched original", reader.action_toggle_raw
    )
    yield SystemCommand(
        "Show set-apart text",
        "Toggle share lines, comments, related…",
        reader.action_toggle_set_apart,
    )
    yield SystemCommand("Wider text", "Increase the measure", reader.action_wider)
    yield SystemCommand("Narrower text", "Decrease the measure", reader.action_narrower)
    yield SystemCommand(
        "Search all articles", "Fuzzy search across the collection (s)", app.action_search_all
    )
    yield SystemCommand(
        "Search this article",
        "Fuzzy search in the open article (/)",
        lambda: app.query_one(ReaderPane).action_find(False),
    )
    yield SystemCommand("Bookmark this passage", "With a note (m)", app.action_bookmark)
    yield SystemCommand("Bookmarks", "Every bookmark: jump, edit, delete (B)", app.action_bookmarks)
    yield SystemCommand("Help", "Every key of this screen (F1)", app.action_help)
