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


def read_pty(fd: int, seconds: float, until: bytes | None = None) -> bytes:
    """What a pseudo-terminal's program writes within ``seconds`` (or until ``until``
    appears in it, or the program closes it)."""
    import os
    import select
    import time

    data = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and (until is None or until not in data):
        ready, _, _ = select.select([fd], [], [], 0.05)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 1 << 16)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    return data
