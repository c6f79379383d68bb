"""Arguments shared by the CLI's commands."""

from __future__ import annotations

import argparse
from pathlib import Path


def paths_argument(parser: argparse.ArgumentParser) -> None:
    """The trailing ``PATH ...`` of every command that reads articles."""
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="article files or folders (searched recursively); default: the bundled articles",
    )
