"""Arguments shared by the CLI's commands."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the reader's usual start never builds a parser (cli.reader_args)
    import argparse


def paths_argument(parser: argparse.ArgumentParser) -> None:
    """The trailing ``PATH ...`` of every command that reads articles."""
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="article files or folders (searched recursively); default: the bundled articles",
    )
