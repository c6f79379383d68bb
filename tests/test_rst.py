"""reStructuredText is parsed with docutils (and Sphinx's directives and roles read
generically), not read as plain text with its markup showing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from borderread.data import rst
from borderread.data.corpus import Source, load_article
from borderread.data.models import Block
from tests.blocks import read_blocks, styled


def _read(text: str) -> tuple[str, list[Block]]:
    return read_blocks(text, "rst")


README = """\
.. image:: https://img.shields.io/pypi/v/frob.svg
   :target: https://pypi.org/project/frob/
   :alt: PyPI

|CI| |Coverage|

.. |CI| image:: https://ci.example/badge.svg
   :target: https://ci.example/
.. |Coverage| image:: https://cov.example/badge.svg

Frobnicator
===========

**Frob** makes it easy to write ``small`` tests, see the `docs <https://frob.example/>`_.

.. code-block:: python

    def inc(x):
        return x + 1

Features
--------

- Detailed info on
  failing asserts

  - nested point

#. first step
#. second step

.. note:: Mind the gap.

term
    Its definition.

:Author: Jane Doe

.. function:: frob(x, *, fast=False)

   Frobnicate *x*; see :func:`~frob.core.unfrob` and :ref:`the guide <guide>`.

.. toctree::
   :maxdepth: 1

   /usage/install
   Advanced topics <advanced>

.. cmake:command:: add_frob

   Adds a frob to the :prop_tgt:`FROB_LIST`.
"""


def test_a_readme_reads_as_its_structure() -> None:
    title, blocks = _read(README)
    assert title == "Frobnicator"
    rows = [(b.role, b.kind, b.text, b.marker) for b in blocks]
    assert rows[:2] == [
        ("boilerplate", "paragraph", "PyPI", ""),
        ("boilerplate", "paragraph", "CI Coverage", ""),  # a substitution's name as alt
    ]
    assert ("title", "paragraph", "Frobnicator", "") in rows
    intro = next(b for b in blocks if b.text.startswith("Frob makes"))
    assert intro.text == "Frob makes it easy to write small tests, see the docs."
    assert styled(intro) == {"Frob": "bold", "small": "code", "docs": "link"}
    assert [(intro.text[a:b], url) for a, b, url in intro.links] == [
        ("docs", "https://frob.example/")
    ]
    assert ("text", "code", "def inc(x):\n    return x + 1", "") in rows
    assert ("heading", "heading", "Features", "") in rows
    assert ("text", "list_item", "Detailed info on failing asserts", "•") in rows
    assert ("text", "list_item", "nested point", "◦") in rows
    assert ("text", "list_item", "first step", "1.") in rows
    assert ("text", "list_item", "second step", "2.") in rows


def test_notes_definitions_fields_and_sphinx_descriptions() -> None:
    _, blocks = _read(README)
    texts = [(b.kind, b.text, b.quote) for b in blocks]
    assert ("paragraph", "Note", 0) in texts
    assert ("quote", "Mind the gap.", 1) in texts
    assert ("paragraph", "term", 0) in texts and ("quote", "Its definition.", 1) in texts
    assert ("paragraph", "Author", 0) in texts and ("quote", "Jane Doe", 1) in texts
    signature = next(b for b in blocks if b.text == "frob(x, *, fast=False)")
    assert styled(signature) == {"frob(x, *, fast=False)": "code"}
    described = next(b for b in blocks if b.text.startswith("Frobnicate"))
    assert described.text == "Frobnicate x; see unfrob and the guide."
    assert styled(described) == {"x": "italic", "unfrob": "code"}
    assert [b.text for b in blocks if b.kind == "list_item"][-2:] == [
        "install",
        "Advanced topics",
    ]  # the table of contents' entries


def test_an_unknown_domain_directive_and_role_keep_their_text() -> None:
    _, blocks = _read(README)
    assert any(b.text == "add_frob" for b in blocks)
    added = next(b for b in blocks if b.text.startswith("Adds a frob"))
    assert added.text == "Adds a frob to the FROB_LIST."
    assert not any(":prop_tgt:" in b.text or ".. " in b.text for b in blocks)


def test_nothing_is_read_from_elsewhere(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET CONTENT")
    source = (
        f"Title\n=====\n\n.. include:: {secret}\n\n.. raw:: html\n\n   <b>raw</b>\n\n"
        f".. csv-table::\n   :file: {secret}\n\nThe end.\n"
    )
    _, blocks = _read(source)
    shown = " ".join(b.text for b in blocks)
    assert "SECRET" not in shown and "raw" not in shown
    assert f"(included here: {secret})" in shown  # said, not read
    assert "The end." in shown


def test_escape_sequences_reach_no_terminal() -> None:
    _, blocks = _read("Title\n=====\n\nred \x1b[31m text ``code \x1b]0;x\x07``\n")
    assert all("\x1b" not in b.text and "\x07" not in b.text for b in blocks)
    assert any("␛[31m" in b.text for b in blocks)


def test_a_document_docutils_cannot_read_is_read_as_plain_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []

    def fail(source: str) -> None:
        calls.append(source)
        raise AssertionError("a docutils bug")

    monkeypatch.setattr(rst, "publish", fail)
    _, blocks = _read("Title\n=====\n\nSome **text** here.\n")
    assert calls  # docutils was asked, and failed
    assert [b.text for b in blocks][-1] == "Some **text** here."  # as written


def test_a_too_big_document_is_read_as_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rst, "MAX_RST_BYTES", 10)
    _, blocks = _read("Title\n=====\n\nSome **text** here.\n")
    assert blocks[-1].text == "Some **text** here."


def test_blocks_keep_their_lines_in_order(tmp_path: Path) -> None:
    path = tmp_path / "README.rst"
    path.write_text(README)
    article = load_article(Source(path, "README.rst"))
    lines = README.split("\n")
    previous = 0
    for block in article.blocks:
        assert previous <= block.first_line <= block.last_line < len(lines)
        previous = block.first_line
    code = next(b for b in article.blocks if b.kind == "code")
    assert "def inc" in "\n".join(lines[code.first_line : code.last_line + 1]) or (
        code.first_line >= lines.index(".. code-block:: python")
    )
    features = next(b for b in article.blocks if b.text == "Features")
    assert lines[features.first_line] == "Features"


_PIECES = [
    "Title\n", "=====\n", "-----\n", "\n", "   ", "* item\n", "#. step\n", "::\n", "    code\n",
    ".. note:: ", ".. image:: x.png\n", "   :alt: A\n", ".. |s| image:: y.png\n", "|s| ",
    ".. function:: f(x)\n", ".. toctree::\n", ".. unknown:: arg\n", ":ref:`a <b>` ",
    ":weird-role:`x` ", "``lit`` ", "**bold ", "*it* ", "`link <http://e.x>`_ ", "[#]_ ",
    ".. [#] note\n", "+---+---+\n", "| a | b |\n", "term\n", ":field: value\n", "| line\n",
    "-o  option\n", "\x1b[31m", "\t", ".. include:: /etc/passwd\n", "__ ", "_`t` ", "\\",
]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30))
def test_any_rst_makes_blocks_whose_spans_and_lines_fit(pieces: list[str]) -> None:
    source = "".join(pieces)
    _, blocks = _read(source)
    line_count = max(len(source.split("\n")), 1)
    for block in blocks:
        for start, end, _style in (*block.styles, *block.links):
            assert 0 <= start < end <= len(block.text)
        for row in block.rows:
            assert all(0 <= start <= end <= len(block.text) for start, end in row)
        assert 0 <= block.first_line <= block.last_line < line_count
        assert "\x1b" not in block.text and "root:" not in block.text


def test_a_figure_is_its_alt_text_its_caption_and_its_legend() -> None:
    source = (
        "Title\n=====\n\n.. figure:: plot.png\n   :alt: A plot\n\n   The caption of it.\n\n"
        "   A legend paragraph.\n\nAfter.\n"
    )
    _, blocks = _read(source)
    assert [(b.text, b.role) for b in blocks[1:]] == [
        ("A plot", "boilerplate"),  # an image alone: set apart, as badges are
        ("The caption of it.", "text"),
        ("A legend paragraph.", "text"),
        ("After.", "text"),
    ]
