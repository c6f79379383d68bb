"""Bookmarks in the app: adding, marking, listing, editing, removing; the app delegates here.

The store does the durable work; this class keeps the bookmarks as found in the current
articles, and tells the sidebar and the reader where they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from borderread.data.models import Article
from borderread.data.text import scrub
from borderread.ui.coordinator import Coordinator
from borderread.ui.saving import SaveOutcome
from borderread.ui.widgets.reader_pane import ReaderPane
from borderread.ui.widgets.sidebar import Sidebar

if TYPE_CHECKING:  # the store and the anchoring are imported after the first paint
    from borderread.data.anchoring import Located
    from borderread.data.bookmarks import Bookmark, BookmarkStore


class Bookmarking:
    """The app's bookmarks: the store, and every bookmark as found in the articles."""

    def __init__(self, app: Coordinator, path: Path) -> None:
        self.app = app
        self.path = path
        """The bookmarks file."""
        self.located: dict[str, Located] = {}
        """Every bookmark, found again in the current articles, by bookmark id: what the
        UI shows at once (the store catches up on the save thread)."""
        self._removed_here: set[str] = set()
        """Removed since the file was last asked for (its answer may still hold them)."""

    @cached_property
    def store(self) -> BookmarkStore:
        """The store, opened on first use (never before the first paint)."""
        from borderread.data.bookmarks import BookmarkStore

        return BookmarkStore(self.path)

    def load(self) -> None:
        """Read the bookmarks file and find every bookmark in the articles (on the save
        thread, like every use of the store: see ``ui.saving``)."""
        store = self.store
        articles = list(self.app.articles)
        self._removed_here.clear()
        self.app.saver.submit(LOADED, lambda: _load(store, articles))

    def loaded(self, located: list[Located], notices: list[str]) -> None:
        """The file as read, every bookmark found again (a :data:`LOADED` job's result)."""
        for notice in notices:
            self.app.notify(notice, severity="warning", markup=False, timeout=12)
        found = {item.bookmark.id: item for item in located}
        for bookmark_id, item in self.located.items():  # made here while the file was read
            found.setdefault(bookmark_id, item)
        for bookmark_id in self._removed_here:
            found.pop(bookmark_id, None)
        self.located = found
        orphans = sum(item.status == "orphaned" for item in located)
        if orphans:
            self.app.notify(
                f"{orphans} bookmark(s) could not be found in the articles any more; "
                "they are kept (B lists them)",
                severity="warning",
                timeout=8,
            )
        self.show_marks()

    def show_marks(self) -> None:
        counts: dict[str, int] = {}
        for item in self.located.values():
            if item.article_id is not None and item.status != "orphaned":
                counts[item.article_id] = counts.get(item.article_id, 0) + 1
        sidebar = self.app.query_one(Sidebar)
        for listed in self.app.articles:
            sidebar.update_entry(listed.id, bookmarks=counts.get(listed.id, 0))
        article = self.app.reader.article
        if article is None:
            return
        marks = frozenset(
            article.block_of(item.paragraph)
            for item in self.located.values()
            if item.article_id == article.id
            and item.status != "orphaned"
            and item.paragraph < len(article.body)
        )
        self.app.reader.set_marks(marks)

    def _passage_here(self) -> tuple[Article, int, int | None, int | None] | None:
        """The current search match, or else the first paragraph that starts on screen."""
        article = self.app.reader.article
        if article is None or not article.body:
            return None
        pane = self.app.query_one(ReaderPane)
        match = pane.matches.current_match() if pane.query_text else None
        if match is not None and (paragraph := article.paragraph_of(match.block)) is not None:
            return article, paragraph, match.start, match.end
        return article, article.paragraph_from(self.app.reader.block_to_mark()), None, None

    def bookmark_here(self) -> None:
        from borderread.data.anchoring import anchor_for, locate_all, make_bookmark
        from borderread.ui.screens.note import ChoiceScreen, NoteScreen  # when first used

        passage = self._passage_here()
        if passage is None:
            return
        article, paragraph, start, end = passage
        existing = next(
            (
                item
                for item in self.located.values()
                if item.article_id == article.id
                and item.paragraph == paragraph
                and item.status != "orphaned"
                and (start is None or item.start <= start < max(item.end, start + 1))
            ),
            None,
        )
        if existing is not None:
            self.app.push_screen(ChoiceScreen(), lambda choice: self._existing(existing, choice))
            return
        anchor = anchor_for(article, paragraph, start or 0, end)

        def save(note: str | None) -> None:  # None: Esc, saved without a note
            bookmark = make_bookmark(article, anchor, note or "", set(self.located))
            self.located[bookmark.id] = locate_all([bookmark], [article])[0]
            self.show_marks()
            self.app.notify("Bookmarked" + (f": {note}" if note else ""), timeout=3, markup=False)
            self._change(lambda store: store.add(bookmark))

        self.app.push_screen(NoteScreen(anchor.exact), save)

    def _existing(self, item: Located, choice: str | None) -> None:
        from borderread.ui.screens.note import NoteScreen

        if choice == "remove":
            self.remove(item.bookmark.id)
            self.app.notify("Bookmark removed", timeout=3)
        elif choice == "edit":

            def save(note: str | None) -> None:
                if note is not None:  # Esc keeps the note as it was
                    self.set_note(item.bookmark.id, note)

            self.app.push_screen(
                NoteScreen(item.bookmark.anchor.exact, item.bookmark.note, editing=True), save
            )

    def _change(self, change: Callable[[BookmarkStore], str | None]) -> None:
        """Apply ``change`` to the store and save, on the save thread, in order."""
        store = self.store
        self.app.saver.submit(SAVED, lambda: _outcome(store, change(store)))

    def saved(self, outcome: SaveOutcome) -> None:
        """How a change's save went (a :data:`SAVED` job's result)."""
        if not outcome.saved and outcome.read_only:
            self.app.notify(outcome.message or "", severity="error", markup=False, timeout=12)
            return
        self.app.save_health.report(
            "bookmarks",
            outcome.saved,
            outcome.message,
            "Kept in memory; saved with the next change",
        )

    def set_note(self, bookmark_id: str, note: str) -> Located | None:
        """Change a bookmark's note; the updated bookmark as found, or None."""
        from borderread.data.bookmarks import now

        old = self.located.get(bookmark_id)
        if old is None:
            return None
        note = scrub(note)
        self.located[bookmark_id] = replace(
            old, bookmark=replace(old.bookmark, note=note, updated=now())
        )
        self._change(lambda store: store.set_note(bookmark_id, note))
        return self.located[bookmark_id]

    def remove(self, bookmark_id: str) -> bool:
        """Remove a bookmark (the bookmarks view can undo it)."""
        removed = self.located.pop(bookmark_id, None) is not None
        self._removed_here.add(bookmark_id)
        self._change(lambda store: store.remove(bookmark_id))
        self.show_marks()
        return removed

    def restore(self, bookmark: Bookmark) -> bool:
        """Put back a removed bookmark (undo)."""
        from borderread.data.anchoring import locate_all

        self.located[bookmark.id] = locate_all([bookmark], list(self.app.articles))[0]
        self._removed_here.discard(bookmark.id)
        self._change(lambda store: store.add(bookmark))
        self.show_marks()
        return True

    def show_all(self) -> None:
        from borderread.ui.screens.bookmarks import BookmarksScreen  # when first used

        located = sorted(
            self.located.values(), key=lambda item: (item.bookmark.created, item.bookmark.id)
        )
        titles = {article.id: article.title for article in self.app.articles}
        self.app.push_screen(BookmarksScreen(located, titles, self), self._jump)

    def _jump(self, item: Located | None) -> None:
        if item is None:
            return
        if item.article_id is None or item.status == "orphaned":
            self.app.notify("That bookmark's passage is no longer in the articles", timeout=4)
            return
        self.app.open_at(item.article_id, item.paragraph, item.start)


LOADED = "bookmarks-loaded"
"""Save-thread job kind: the file read and every bookmark found again."""
SAVED = "bookmarks"
"""Save-thread job kind: a change applied to the store and saved."""


def _load(store: BookmarkStore, articles: list[Article]) -> tuple[list[Located], list[str]]:
    """On the save thread: read the file, find each bookmark in ``articles``."""
    from borderread.data.anchoring import locate_all

    notices = store.load()
    return locate_all(list(store.bookmarks.values()), articles), notices


def _outcome(store: BookmarkStore, message: str | None) -> SaveOutcome:
    """On the save thread: how the change that returned ``message`` went."""
    return SaveOutcome(not store.pending, message, store.read_only)
