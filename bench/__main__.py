"""Run every benchmark and print the tables: ``python -m bench``."""

from __future__ import annotations

import platform
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bench import (
    bookmarks,
    cli_search,
    collection,
    keystrokes,
    known_item,
    pdf_pages,
    reader_scale,
    search,
    startup,
    web_extraction,
)


def main() -> None:
    data = Path(tempfile.mkdtemp(prefix="borderread-bench-"))
    print(f"# borderread benchmarks, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    print(
        f"machine: {platform.node()} · {platform.machine()} · {platform.processor() or '?'}"
        f" · Python {platform.python_version()} · {_cpus()}"
    )
    print(
        "\n## Start-up (launch to first painted screen, real tmux, "
        f"median of {startup.REPEATS}, interleaved)\n"
    )
    print(startup.table(startup.run(data=data)))
    print("\n## Big articles in the reader (in-process)\n")
    print(reader_scale.table(reader_scale.run(data=data)))
    print("\n## Search (in-process, vs grep -c -i and fzf --filter on the same text)\n")
    print(search.table(search.run(folder=data)))
    print("\n## `borderread search` from the shell (whole process, warm and cold)\n")
    print(cli_search.table(cli_search.run(folder=data)))
    print("\n## Known-item search: the paragraph a person remembers\n")
    print(known_item.table(known_item.run()))
    print("\n## Typing a search, keystroke to changed screen (real tmux)\n")
    print(keystrokes.table(keystrokes.run(data=data)))
    print("\n## Opening a big collection: launch to every title listed, searchable (tmux)\n")
    print(collection.table(collection.run(data=data)))
    print("\n## Saved web pages: extraction score on the development set\n")
    print(web_extraction.table(web_extraction.run()))
    print("\n## PDFs: reading one into reader mode (in-process)\n")
    print(pdf_pages.table(pdf_pages.run(folder=data)))
    print("\n## Bookmarks: 10,000 over 1,000 articles\n")
    print(bookmarks.table(bookmarks.run(folder=data)))


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
