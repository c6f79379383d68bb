"""Run every benchmark and print the tables: ``python -m bench``."""

from __future__ import annotations

import platform
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bench import reader_scale, startup


def main() -> None:
    data = Path(tempfile.mkdtemp(prefix="borderread-bench-"))
    print(f"# borderread benchmarks, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    print(
        f"machine: {platform.node()} · {platform.machine()} · {platform.processor() or '?'}"
        f" · Python {platform.python_version()} · {_cpus()}"
    )
    print("\n## Start-up (launch to first painted screen, real tmux, median of 3)\n")
    print(startup.table(startup.run(data=data)))
    print("\n## Big articles in the reader (in-process)\n")
    print(reader_scale.table(reader_scale.run(data=data)))


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
