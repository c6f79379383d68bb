"""Helpers for driving the app with Pilot."""

from __future__ import annotations

from textual.pilot import Pilot

from borderread.ui.app import BorderreadApp


async def wait_ready(pilot: Pilot[None], timeout: float = 10.0) -> BorderreadApp:
    """Wait until every article is loaded and one is open."""
    app = pilot.app
    assert isinstance(app, BorderreadApp)
    waited = 0.0
    while not (app.loaded and app.reader.article is not None):
        await pilot.pause(0.05)
        waited += 0.05
        assert waited < timeout, "the app did not finish loading"
    await pilot.pause()
    return app


def screen_text(app: BorderreadApp) -> str:
    """The reader's visible lines as plain text."""
    reader = app.reader
    height = reader.scrollable_content_region.height
    return "\n".join(reader.render_line(y).text for y in range(height))
