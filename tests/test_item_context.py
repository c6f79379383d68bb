"""A hit in a definition list's description is shown under its term: alone, "Print every
file name..." did not say which option it describes."""

from __future__ import annotations

import json
from pathlib import Path

from borderread.data.corpus import load_corpus
from borderread.data.models import Block
from borderread.data.snippets import CONTEXT_CHARS, item_context
from tests.conftest import run_search

OPTIONS = """Options

The program takes these options:

  -v, --verbose
        Print every file name as it is compressed, and more.
  -q, --quiet
        Suppress warnings about files that could not be read.

- A bulleted item
  - a nested item
- Another item

That is all.
"""


def _options(tmp_path: Path) -> Path:
    path = tmp_path / "options.txt"
    path.write_text(OPTIONS, encoding="utf-8")
    return path


def test_a_description_is_read_under_its_term_and_nothing_else_is(tmp_path: Path) -> None:
    body = load_corpus([_options(tmp_path)]).articles[0].body
    contexts = {block.text: item_context(body, n) for n, block in enumerate(body)}
    assert contexts["Suppress warnings about files that could not be read."] == "-q, --quiet"
    assert contexts["Print every file name as it is compressed, and more."] == "-v, --verbose"
    others = [
        text for text, context in contexts.items() if "files" not in text and "name" not in text
    ]
    assert others and all(contexts[text] == "" for text in others)  # terms, bullets, prose


def test_a_long_term_is_shortened() -> None:
    term = "--a-very-long-option-name-that-goes-on-and-on=WITH-A-VALUE-TOO"
    body = [
        Block("text", term, 0, 0, kind="list_item", depth=1),
        Block("text", "Does a thing.", 1, 1, kind="list_item", depth=2),
    ]
    context = item_context(body, 1)
    assert len(context) == CONTEXT_CHARS and context.endswith("…")
    assert term.startswith(context[:-1])


def test_the_cli_prints_the_term_before_the_description(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    _options(folder)
    line = run_search(tmp_path / "cache", "warnings", str(folder)).stdout.splitlines()[0]
    assert (
        line.split("\t")[3]
        == "-q, --quiet: Suppress »warnings« about files that could not be read."
    )
    found = run_search(tmp_path / "cache", "warnings", str(folder), "--json").stdout
    assert json.loads(found.splitlines()[0])["under"] == "-q, --quiet"
    prose = run_search(tmp_path / "cache", "takes", str(folder), "--json").stdout
    assert json.loads(prose.splitlines()[0])["under"] == ""


def test_a_hit_in_a_block_of_lines_is_still_one_line_of_output(tmp_path: Path) -> None:
    # A paragraph that keeps its lines (code, an address) printed its line breaks inside
    # the snippet: one hit took several lines, and tab-separated fields broke apart.
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "code.md").write_text(
        "# Code\n\nSome prose first.\n\n```\nfirst line\n  second line target\nthird\n```\n",
        encoding="utf-8",
    )
    found = run_search(tmp_path / "cache", "target", str(folder))
    lines = found.stdout.splitlines()
    assert len(lines) == 1 and lines[0].count("\t") == 3
    assert lines[0].split("\t")[3] == "first line   second line »target« third"
