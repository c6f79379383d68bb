"""L lists the links on screen; one opens only after its address is shown and confirmed."""

from __future__ import annotations

from pathlib import Path

import pytest

from borderread.ui.app import make_app
from borderread.ui.screens.links import LinksScreen, OpenLinkScreen, can_open
from tests.conftest import REPO
from tests.ui.helpers import wait_ready

FIXTURE = REPO / "tests" / "fixtures" / "every_construct.md"


@pytest.mark.parametrize(
    ("url", "openable"),
    [
        ("https://docs.example.org/start", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("img/d.png", False),
        ("https:nohost", False),
    ],
)
def test_only_web_addresses_can_be_opened(url: str, openable: bool) -> None:
    assert can_open(url) is openable


async def test_a_link_opens_only_after_it_is_shown_and_confirmed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app([FIXTURE], tmp_path / "state", tmp_path / "bookmarks.json")
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, new_tab=True: opened.append(url))
    async with app.run_test(size=(110, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, LinksScreen)
        assert app.screen._links == [
            ("link to the docs", "https://docs.example.org/start"),
            ("diagram alt", "img/d.png"),
        ]
        await pilot.press("down", "enter")  # the image: not a web address
        await pilot.pause()
        assert isinstance(app.screen, OpenLinkScreen) and app.screen.url == "img/d.png"
        await pilot.press("y")
        await pilot.pause()
        assert opened == [] and isinstance(app.screen, OpenLinkScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("up", "enter")
        await pilot.pause()
        assert opened == []  # shown, not opened
        await pilot.press("y")
        await pilot.pause()
        assert opened == ["https://docs.example.org/start"]
        assert not isinstance(app.screen, LinksScreen | OpenLinkScreen)
