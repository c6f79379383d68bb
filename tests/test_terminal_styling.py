"""Text saved from a terminal (``man``, ``grep --color``): reader mode reads the letters,
not the styling codes; the original keeps them, shown as symbols."""

from __future__ import annotations

from pathlib import Path

from borderread.data.corpus import Source, load_article
from borderread.data.text import visible, without_terminal_styling

MANUAL = (
    "\n\n               \x1b[1mman-db - the database cached manual pager suite\x1b[0m\n\n"
    "                  \x1b[4mGraeme\x1b[24m \x1b[4mWilford\x1b[24m\n\n"
    "The man-db package provides the m\x08ma\x08an\x08n command and its "
    "_\x08d_\x08a_\x08t_\x08a_\x08b_\x08a_\x08s_\x08e, which the pages are read through.\n"
)


def test_styling_codes_and_overstrikes_leave_their_letters() -> None:
    assert without_terminal_styling("\x1b[1;31mred\x1b[0m \x1b[4mG\x1b[24m") == "red G"
    assert without_terminal_styling("b\x08bo\x08ol\x08ld and _\x08u") == "bold and u"
    assert without_terminal_styling("plain text") == "plain text"
    for kept in ("0\x08", "x\x08y", "a\x08\x08b"):  # not an overstrike of one letter
        assert without_terminal_styling(kept) == kept
    assert without_terminal_styling(" +\x08o item") == " • item"  # roff's bullet


def test_a_manual_s_struck_bullets_make_a_list(tmp_path: Path) -> None:
    """man-db's manual strikes ``o`` over ``+`` for each bullet: its items had been read
    as one paragraph with "+␈o" between them."""
    path = tmp_path / "conventions.txt"
    path.write_text(
        "Conventions\n===========\n\nThe conventions used in this manual include\n\n"
        " +\x08o file names in italic,\n +\x08o program names in b\x08bo\x08ol\x08ld.\n",
        encoding="utf-8",
    )
    article = load_article(Source(path, path.name))
    items = [(b.marker, b.text) for b in article.blocks if b.kind == "list_item"]
    assert items == [("•", "file names in italic,"), ("•", "program names in bold.")]


def test_other_escape_sequences_are_left_to_be_shown() -> None:
    hostile = "\x1b[2J\x1b]0;PWNED\x07 then \x1b[1mbold\x1b[0m"
    kept = without_terminal_styling(hostile)
    assert kept == "\x1b[2J\x1b]0;PWNED\x07 then bold"
    assert visible(kept) == "␛[2J␛]0;PWNED␇ then bold"


def test_a_saved_manual_reads_as_text_and_keeps_its_original(tmp_path: Path) -> None:
    path = tmp_path / "man-db-manual.txt"
    path.write_text(MANUAL, encoding="utf-8")
    article = load_article(Source(path, path.name))
    assert article.meta.title == "man-db - the database cached manual pager suite"
    body = " ".join(block.text for block in article.blocks)
    assert "man command" in body and "database, which" in body
    assert "\x1b" not in body and "␛" not in body and "\x08" not in body
    assert article.raw == MANUAL  # the raw view shows the file as it is
