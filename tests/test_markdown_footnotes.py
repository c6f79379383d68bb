"""Markdown footnotes: a reference shows its label, a definition is a paragraph that begins
with it, where it was written (not moved after everything, as markdown-it does)."""

from __future__ import annotations

from borderread.data.clean import read_article

SOURCE = (
    "# Doc\n\n"  # 0-1
    "Text with a note[^1] and another[^long].\n\n"  # 2-3
    "[^1]: The note's *own* text\n    goes on here.\n\n"  # 4-6
    "[^long]: Second.\n\n"  # 7-8
    "After the notes.\n"  # 9
)


def test_footnotes_show_their_labels_in_place() -> None:
    _, blocks = read_article(SOURCE, fallback_title="f", markup="markdown")
    rows = [(b.text, b.first_line, b.last_line) for b in blocks]
    assert rows == [
        ("Doc", 0, 0),
        ("Text with a note[1] and another[long].", 2, 2),
        ("[1] The note's own text goes on here.", 4, 5),
        ("[long] Second.", 7, 7),
        ("After the notes.", 9, 9),
    ]
    note = blocks[2]
    assert {note.text[a:b]: style for a, b, style in note.styles} == {"own": "italic"}


def test_a_bracket_that_is_not_a_footnote_is_left_alone() -> None:
    _, blocks = read_article("Some [^text] with no definition.\n", "f", markup="markdown")
    assert blocks[-1].text == "Some [^text] with no definition."
