"""The main screen: sidebar and reader; it owns the keys that open a prompt or a screen."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Input

from borderread.ui.widgets.reader import ReaderView
from borderread.ui.widgets.reader_pane import ReaderPane
from borderread.ui.widgets.stand_in import TextBoxStandIn


class ReaderScreen(Screen[None]):
    """The main screen: the reader has the focus from the start (not the filter box).

    The keys that open a prompt or a screen (``/ ? t s m B``) are priority bindings: the
    app runs them before it hands the next key to a widget, so the keys typed straight
    after them reach the prompt or the screen (a widget's binding runs only once its key
    has come back up to the app, after the keys queued behind it). They work from the
    article list too; in a text box they are text.
    """

    AUTO_FOCUS = "ReaderView"
    SEARCH_BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "find(False)", "Search", priority=True),
        Binding("question_mark", "find(True)", "Search backwards", show=False, priority=True),
        Binding("n", "step_match(1)", "Next match", show=False),
        Binding("N", "step_match(-1)", "Previous match", show=False),
        Binding(
            "ampersand", "filter_matches", "Only paragraphs that match (again: all)", show=False
        ),
    ]
    SCREEN_BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "app.outline", "Outline", priority=True),
        Binding("s", "app.search_all", "Search all", priority=True),
        Binding("m", "app.bookmark", "Bookmark", priority=True),
        Binding("B", "app.bookmarks", "Bookmarks", priority=True),
        Binding("L", "links", "Links on screen (shown before opening)", show=False, priority=True),
    ]
    FOCUS_BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "app.focus_next", "Focus next", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Focus previous", show=False, priority=True),
    ]
    """Textual's own Tab keys, run before the next key is handed on (as the keys above):
    keys typed after Tab belong where it moves the focus. As an ordinary binding, Tab
    waited its turn behind the widget it was handed to, while the app had already taken
    the next key (``t``: the outline) for the old focus."""
    BINDINGS: ClassVar[list[BindingType]] = SEARCH_BINDINGS + SCREEN_BINDINGS + FOCUS_BINDINGS
    TYPED_AHEAD_ACTIONS: ClassVar[frozenset[str]] = frozenset(
        {"find", "outline", "search_all", "bookmark", "bookmarks", "links"}
    )
    """Actions of keys that open a prompt or a screen (see the class docstring)."""

    _resumed = False
    """Whether the screen has been shown once (see :meth:`on_screen_resume`)."""

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """The first time, spare Textual's restyling of every widget on the screen.

        Textual styles each widget as it is mounted, then again when its screen is shown
        (for a screen coming back from under another one, whose styles may be stale). This
        screen is shown just after its widgets were mounted and styled, so the second
        pass only repeated the first: ~7 ms of the first screen (14 components of the
        reader, the filter's Input, every other widget). What can change in between is
        restyled by Textual anyway: the focus (its widget), a saved theme (the app's whole
        CSS). This handler runs before Textual's own, which reads the flag."""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in self.TYPED_AHEAD_ACTIONS and typing_in(self))

    async def action_find(self, backwards: bool) -> None:
        await self.query_one(ReaderPane).action_find(backwards)

    def action_step_match(self, delta: int) -> None:
        self.query_one(ReaderPane).action_step_match(delta)

    def action_filter_matches(self) -> None:
        self.query_one(ReaderPane).action_filter_matches()

    def action_links(self) -> None:
        """List the links on screen; open one only after showing its address and asking."""
        from borderread.ui.screens.links import LinkChoice, LinksScreen

        links = self.query_one(ReaderView).visible_links()
        if not links:
            self.notify("No links on screen", timeout=3)
            return

        def decided(choice: LinkChoice | None) -> None:
            if choice is None:
                return
            action, url = choice
            if action == "open":
                self.app.open_url(url)
            else:
                self.app.copy_to_clipboard(url)
                self.notify("Address copied", timeout=3)

        self.app.push_screen(LinksScreen(links), decided)


def typing_in(screen: Screen[Any]) -> bool:
    """True while a text box (or its stand-in) has the focus: keys are text there, not
    commands."""
    return isinstance(screen.focused, (Input, TextBoxStandIn))
