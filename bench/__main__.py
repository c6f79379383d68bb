"""Run every benchmark (or ``--only`` some) and print the tables: ``python -m bench``."""

from __future__ import annotations

import argparse
import platform
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from bench import (
    bookmarks,
    cli_search,
    collection,
    keystrokes,
    known_item,
    pdf_pages,
    pdf_quality,
    reader_scale,
    search,
    startup,
    web_extraction,
)

Section = tuple[str, str, Callable[[Path], str]]


def _sections() -> list[Section]:
    """Each benchmark: its name for ``--only``, its heading, and how to run it."""
    return [
        ("startup", "Start-up (launch to first painted screen, real tmux, "
         f"median of {startup.REPEATS}, interleaved)",
         lambda data: startup.table(startup.run(data=data))),
        ("reader", "Big articles in the reader (in-process)",
         lambda data: reader_scale.table(reader_scale.run(data=data))),
        ("search", "Search (in-process, vs grep -c -i and fzf --filter on the same text)",
         lambda data: search.table(search.run(folder=data))),
        ("cli", "`borderread search` from the shell (whole process: cold, warm, served)",
         lambda data: cli_search.table(cli_search.run(folder=data))),
        ("known", "Known-item search: the paragraph a person remembers",
         lambda data: known_item.table(known_item.run())),
        ("keys", "Typing a search, keystroke to changed screen (real tmux)",
         lambda data: keystrokes.table(keystrokes.run(data=data))),
        ("collection", "Opening a big collection: launch to every title listed, searchable "
         "(tmux)", lambda data: collection.table(collection.run(data=data))),
        ("web", "Saved web pages: extraction score on the development set",
         lambda data: web_extraction.table(web_extraction.run())),
        ("pdf", "PDFs: reading one into reader mode (in-process)",
         lambda data: pdf_pages.table(pdf_pages.run(folder=data))),
        ("pdf-text", "PDFs in /usr/share/doc: words kept, paragraphs that fell apart",
         lambda data: pdf_quality.table(pdf_quality.run())),
        ("bookmarks", "Bookmarks: 10,000 over 1,000 articles",
         lambda data: bookmarks.table(bookmarks.run(folder=data))),
    ]  # fmt: skip


def main() -> None:
    sections = _sections()
    names = [name for name, _, _ in sections]
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="Run borderread's benchmarks and print the tables."
    )
    parser.add_argument(
        "--only", nargs="+", choices=names, metavar="NAME",
        help=f"run only these ({', '.join(names)}); default: all",
    )  # fmt: skip
    wanted = set(parser.parse_args().only or names)
    data = Path(tempfile.mkdtemp(prefix="borderread-bench-"))
    print(f"# borderread benchmarks, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    print(
        f"machine: {platform.node()} · {platform.machine()} · {platform.processor() or '?'}"
        f" · Python {platform.python_version()} · {_cpus()}"
    )
    for name, heading, run in sections:
        if name in wanted:
            print(f"\n## {heading}\n")
            print(run(data))


def _cpus() -> str:
    import os

    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        model = "unknown CPU"
    return f"{os.cpu_count()} cores, {model}"


if __name__ == "__main__":
    main()
