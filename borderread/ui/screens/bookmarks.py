"""B: every bookmark, grouped by article, with quote, note, date and anchor status."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, ClassVar, Protocol

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from borderread.data.anchoring import Located
from borderread.data.fold import fold
from borderread.ui.screens.closing import close
from borderread.ui.widgets.bars import KeyBar
from borderread.ui.widgets.text_box import TextBox

if TYPE_CHECKING:
    from borderread.data.bookmarks import Bookmark


def local_time(stamp: str) -> str:
    """A stored UTC time (``2026-12-01T09:30:00Z``) as the user's local time, to the
    minute; a stamp that is not such a time is shown as it is."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


class BookmarkActions(Protocol):
    """What the bookmarks view asks of whoever keeps the bookmarks (``ui.bookmarking``)."""

    def set_note(self, bookmark_id: str, note: str) -> Located | None: ...

    def remove(self, bookmark_id: str) -> bool: ...

    def restore(self, bookmark: Bookmark) -> bool: ...


STATUS_MARK = {
    "exact": "",
    "relocated": "  (moved: found by similar text)",
    "orphaned": "  (orphaned: the passage is gone)",
}


class BookmarksScreen(Screen[Located | None]):
    """Filter, jump to, edit or delete bookmarks (delete can be undone)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("e", "edit", "Edit note"),
        Binding("d,delete", "delete", "Delete"),
        Binding("u", "undo", "Undo delete"),
        Binding("down", "focus_list", "List", show=False),
    ]

    DEFAULT_CSS = """
    BookmarksScreen #bookmark-filter { border: tall $primary; }
    BookmarksScreen #bookmark-summary { color: $text-muted; padding: 0 1; }
    BookmarksScreen OptionList { height: 1fr; border: none; }
    """

    def __init__(
        self, located: list[Located], titles: dict[str, str], bookmarking: BookmarkActions
    ) -> None:
        super().__init__()
        self._bookmarking = bookmarking
        self.located = located
        self.titles = titles
        self.deleted: list[Located] = []

    def compose(self) -> ComposeResult:
        yield TextBox(placeholder="Filter bookmarks (quote, note, title)…", id="bookmark-filter")
        yield Label("", id="bookmark-summary")
        yield OptionList(id="bookmark-list")
        yield KeyBar()

    def help_sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """F1 here: this view's keys, from its bindings."""
        from borderread.ui.screens.help import binding_rows

        return [
            (
                "Bookmarks",
                [
                    ("↑ ↓", "Move through the bookmarks"),
                    ("Enter", "Go to the bookmarked passage"),
                    *binding_rows(self.BINDINGS),
                    ("type", "Filter by quote, note or title (in the filter box)"),
                ],
            )
        ]

    def on_mount(self) -> None:
        self.refresh_list()
        self.query_one(OptionList).focus()

    def refresh_list(self) -> None:
        needle = fold(self.query_one(Input).value.strip())
        groups: dict[str, list[tuple[int, Located]]] = {}
        for index, item in enumerate(self.located):
            title = self.titles.get(item.article_id or "", item.bookmark.article_title)
            haystack = fold(f"{title} {item.bookmark.anchor.exact} {item.bookmark.note}")
            if needle and needle not in haystack:
                continue
            groups.setdefault(title, []).append((index, item))
        options: list[Option] = []
        for title, items in groups.items():
            options.append(
                Option(Content.assemble((title, "bold"), (f"  {len(items)}", "dim")), disabled=True)
            )
            for index, item in items:
                bookmark = item.bookmark
                quote = bookmark.anchor.exact
                quote = quote if len(quote) <= 150 else quote[:149] + "…"
                parts: list[str | tuple[str, str]] = [f"  “{quote}”"]
                if bookmark.note:
                    parts += ["\n    ", (bookmark.note, "italic")]
                parts += [
                    "\n    ",
                    (
                        local_time(bookmark.created) + STATUS_MARK[item.status],
                        "dim",
                    ),
                ]
                options.append(Option(Content.assemble(*parts), id=str(index)))
        self.query_one(OptionList).set_options(options)
        shown = sum(len(items) for items in groups.values())
        undo = f" · {len(self.deleted)} deleted (u undoes)" if self.deleted else ""
        self.query_one("#bookmark-summary", Label).update(
            Content(f"{shown} of {len(self.located)} bookmark(s){undo}")
        )
        first = next(
            (i for i, o in enumerate(self.query_one(OptionList).options) if not o.disabled), None
        )
        self.query_one(OptionList).highlighted = first

    def _current(self) -> Located | None:
        option = self.query_one(OptionList).highlighted_option
        if option is None or option.id is None:
            return None
        return self.located[int(option.id)]

    @on(Input.Changed, "#bookmark-filter")
    def _filter(self) -> None:
        self.refresh_list()

    @on(Input.Submitted, "#bookmark-filter")
    def _filter_done(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _jump(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            close(self, self.located[int(event.option.id)])

    def action_focus_list(self) -> None:
        self.query_one(OptionList).focus()

    def action_edit(self) -> None:
        item = self._current()
        if item is None:
            return
        from borderread.ui.screens.note import NoteScreen

        def save(note: str | None) -> None:
            if note is None:
                return
            updated = self._bookmarking.set_note(item.bookmark.id, note)
            if updated is not None:
                self.located = [updated if x is item else x for x in self.located]
                self.refresh_list()

        self.app.push_screen(
            NoteScreen(item.bookmark.anchor.exact, item.bookmark.note, editing=True), save
        )

    def action_delete(self) -> None:
        item = self._current()
        if item is None:
            return
        if self._bookmarking.remove(item.bookmark.id):
            self.deleted.append(item)
            self.located = [x for x in self.located if x is not item]
            self.refresh_list()

    def action_undo(self) -> None:
        if not self.deleted:
            return
        item = self.deleted.pop()
        if self._bookmarking.restore(item.bookmark):
            self.located.append(item)
            self.located.sort(key=lambda x: (x.bookmark.created, x.bookmark.id))
            self.refresh_list()

    def action_back(self) -> None:
        close(self, None)
