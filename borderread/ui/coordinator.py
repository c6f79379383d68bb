"""What the controllers may ask of the app, without importing it.

The bookmarks controller, the collection search and the command palette work through the
app: its articles, the reader, the one way to move the reader (``open_at``), and where
saves go. :class:`Coordinator` declares that much; ``ui.app.BorderreadApp`` implements it.
Nothing under ``ui/`` but the entry point imports ``ui.app`` (an import-linter contract).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App

if TYPE_CHECKING:
    from borderread.data.models import Article
    from borderread.ui.save_health import SaveHealth
    from borderread.ui.saving import Saver
    from borderread.ui.widgets.reader import ReaderView


class Coordinator(App[None]):
    """The app as its controllers see it."""

    articles: list[Article]
    """The loaded articles, in display order."""
    loaded: bool
    """True once every article has been loaded."""
    cache_folder: Path
    saver: Saver
    save_health: SaveHealth

    @property
    def reader(self) -> ReaderView:
        raise NotImplementedError

    def article(self, article_id: str) -> Article:
        """The loaded article with this id (``KeyError`` if there is none)."""
        raise NotImplementedError

    def find_article(self, article_id: str) -> Article | None:
        """The loaded article with this id, or None."""
        raise NotImplementedError

    def open_article(self, article_id: str) -> None:
        """Show an article at its saved reading position."""
        raise NotImplementedError

    def open_at(
        self,
        article_id: str,
        paragraph: int | None = None,
        offset: int = 0,
        *,
        query: str | None = None,
        from_end: bool = False,
    ) -> Article | None:
        """Move the reader to a passage (see ``BorderreadApp.open_at``)."""
        raise NotImplementedError
