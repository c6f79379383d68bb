"""Arguments shared by the CLI's commands, and the one way they are parsed."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the reader's usual start never builds a parser (cli.reader_args)
    import argparse

END_OF_OPTIONS = "--"


def paths_argument(parser: argparse.ArgumentParser) -> None:
    """The trailing ``PATH ...`` of every command that reads articles."""
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="article files or folders (searched recursively); default: the bundled articles",
    )


def parse_arguments(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    """``argv`` parsed with options anywhere among the positional arguments
    (``parse_intermixed_args``), and everything after ``--`` positional, as the
    documentation of argparse promises: Python 3.11's ``parse_intermixed_args`` takes an
    argument after ``--`` that starts with a dash for an unknown option (``borderread list
    -- -notes`` failed). Those arguments stand in as placeholders no option can look like
    (a NUL cannot be in a command line) and are put back in the result."""
    if END_OF_OPTIONS not in argv:
        return parser.parse_intermixed_args(argv)
    at = argv.index(END_OF_OPTIONS)
    originals: dict[str, str] = {}
    after = []
    for argument in argv[at + 1 :]:
        if argument.startswith("-"):
            stand_in = f"\0{len(originals)}"
            originals[stand_in] = argument
            argument = stand_in
        after.append(argument)
    parsed = parser.parse_intermixed_args([*argv[:at], *after])
    for name, value in vars(parsed).items():
        setattr(parsed, name, _put_back(value, originals))
    return parsed


def _put_back(value: object, originals: dict[str, str]) -> object:
    if isinstance(value, list):
        return [_put_back(item, originals) for item in value]
    if isinstance(value, (str, Path)) and os.fspath(value) in originals:
        original = originals[os.fspath(value)]
        return Path(original) if isinstance(value, Path) else original
    return value
