"""Messages that workers post with their results (``post_message`` is thread-safe).

A worker never calls into the UI: it posts one of these, and the widget or app that
started it handles the message on the event loop (tests watch them with ``message_hook``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from borderread.data.models import Article, SearchHit, Skipped
    from borderread.ui.matches import Match


class ArticlesLoaded(Message):
    """The loader read a batch of articles: ``done`` of ``total`` files so far."""

    def __init__(self, batch: list[Article], done: int, total: int) -> None:
        super().__init__()
        self.batch = batch
        self.done = done
        self.total = total


class FirstArticleRead(Message):
    """The article to open first, read off the event loop (a page, PDF or book that takes
    a while to extract); None when it could not be read."""

    def __init__(self, article: Article | None) -> None:
        super().__init__()
        self.article = article


class IndexReady(Message):
    """The collection index is loaded or built: collection search covers every article."""


class LoadingFinished(Message):
    """The loader read every file; these were skipped, with the reason. The loader goes
    on to load (or build) the collection's index: ``IndexReady`` follows."""

    def __init__(self, skipped: list[Skipped]) -> None:
        super().__init__()
        self.skipped = skipped


class MatchesFound(Message):
    """The in-article search for ``text`` found these matches."""

    def __init__(
        self,
        article_id: str,
        text: str,
        matches: list[Match],
        backwards: bool,
        origin: tuple[int, int],
        more: bool = False,
        close: bool = False,
        first_only: bool = False,
    ) -> None:
        super().__init__()
        self.article_id = article_id
        self.text = text
        self.matches = matches
        self.backwards = backwards
        self.origin = origin
        self.more = more
        """The article has more matches than were looked for (see ``MatchList.more``)."""
        self.close = close
        """No exact phrase: these are close matches (see ``SearchHit.close``)."""
        self.first_only = first_only
        """Only the first matches were looked for (a key typed): the rest may follow."""


class ResultsFound(Message):
    """The collection search for ``text`` found these hits (and their articles): the best
    ``limit`` of them."""

    def __init__(
        self, text: str, hits: list[SearchHit], articles: dict[str, Article], limit: int
    ) -> None:
        super().__init__()
        self.text = text
        self.hits = hits
        self.articles = articles
        self.limit = limit


class NextArticleFound(Message):
    """``n`` past the last match: ``article_id`` (or None: no other article) has matches."""

    def __init__(self, article_id: str | None, query: str, forward: bool) -> None:
        super().__init__()
        self.article_id = article_id
        self.query = query
        self.forward = forward
