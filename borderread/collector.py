"""Hold the cyclic garbage collector off while the reader starts up.

Start-up allocates tens of thousands of long-lived objects (Textual's modules, the CSS,
the first screen). The collector would walk them all several times before the first
paint (about 30 ms here) and free next to nothing, so it is paused from launch until
the first screen is painted, then switched back on with everything alive at that point
frozen (``gc.freeze``): Textual's modules and the first screen live as long as the app, and
the first full collections after start-up walked them for nothing (50–90 ms each, three of
them while a 10,000-article collection loads).
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Switch the cyclic collector off, unless it is already off."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Switch it back on if :func:`pause` switched it off, leaving what start-up made out
    of its walks; otherwise do nothing."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()


def is_paused() -> bool:
    """True between :func:`pause` and :func:`resume`."""
    return _paused


def spare_the_exit() -> None:
    """Leave every object alive now out of the collector's pass at exit. A command's
    objects live until the process ends anyway, and that pass walked them all to free
    nothing: ~25 ms of a 0.25 s ``borderread search`` (10 ms with this)."""
    gc.freeze()
