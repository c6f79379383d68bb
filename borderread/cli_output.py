"""How the CLI writes to a terminal: aligned columns that fit, long text through a pager.

Piped, the output stays plain (TSV for ``list``, the text for ``show``), for scripts. The
text handed to the pager is already made safe (no escape sequence from an article can
reach it), so the pager may be any the user likes.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Sequence

from rich.cells import cell_len


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` terminal cells, with an ellipsis."""
    if cell_len(text) <= width:
        return text
    out = ""
    for char in text:
        if cell_len(out + char) > width - 1:
            break
        out += char
    return out + "…"


def columns(
    rows: Sequence[Sequence[str]], width: int, flexible: int, keep: Sequence[int] = ()
) -> list[str]:
    """``rows`` as aligned columns within ``width`` cells. Column ``flexible`` (the title)
    comes first: the others (but those in ``keep``: dates, counts) shrink, widest first,
    until it has at least 40% of the width; every cell is cut to its column with "…"."""
    if not rows:
        return []
    count = len(rows[0])
    limits = [max(cell_len(row[i]) for row in rows) for i in range(count)]
    gaps = 2 * (count - 1)
    wanted = limits[flexible]
    target = min(wanted, max(width * 2 // 5, 12))
    others = [i for i in range(count) if i != flexible]
    shrinkable = [i for i in others if i not in keep]

    def room() -> int:
        return width - gaps - sum(limits[i] for i in others)

    while room() < target and shrinkable and max(limits[i] for i in shrinkable) > 6:
        widest = max(shrinkable, key=lambda i: limits[i])
        limits[widest] -= 1
    limits[flexible] = max(min(wanted, room()), 1)
    lines = []
    for row in rows:
        cells = [fit(cell, limits[i]) for i, cell in enumerate(row)]
        padded = [c + " " * (limits[i] - cell_len(c)) for i, c in enumerate(cells)]
        lines.append("  ".join(padded).rstrip())
    return lines


def terminal_width() -> int:
    return shutil.get_terminal_size((100, 24)).columns


def page(text: str) -> None:
    """Show ``text`` through ``$PAGER`` (else ``less``) when writing to a terminal."""
    if not sys.stdout.isatty():
        sys.stdout.write(text)
        return
    command = shlex.split(os.environ.get("PAGER") or "less -F -X")
    try:
        subprocess.run(command, input=text.encode("utf-8", "replace"), check=False)
    except (FileNotFoundError, PermissionError):  # no pager: print it
        sys.stdout.write(text)
