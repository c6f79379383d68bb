"""Command palette: every article, alongside Textual's own commands and the app's actions."""

from __future__ import annotations

from typing import cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from borderread.ui.coordinator import Coordinator

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
