"""Reader mode keeps real documents' structure (#12): Markdown parsed, plain text recognised.

Table-driven: each fixture's blocks are listed as (role, kind, start of text, extra fields).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from borderread.data.clean import read_article
from borderread.data.corpus import Source, load_article
from borderread.data.models import Article, Block
from borderread.data.search import SearchIndex
from borderread.render_text import raw_text, reader_text, structure
from tests.conftest import REPO

FIXTURES = REPO / "tests" / "fixtures"

Row = tuple[str, str, str, dict[str, Any]]


def _load(name: str) -> Article:
    return load_article(Source(FIXTURES / name, name))


def _rows(article: Article) -> list[Row]:
    def extra(block: Block) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        if block.kind == "list_item":
            fields = {"depth": block.depth, "marker": block.marker}
        if block.quote:
            fields["quote"] = block.quote
        if block.level and block.role == "heading":
            fields["level"] = block.level
        return fields

    return [(b.role, b.kind, b.text[:24], extra(b)) for b in article.blocks]


MARKDOWN_ROWS: list[Row] = [
    ("boilerplate", "paragraph", "Build Status PyPI", {}),
    ("title", "paragraph", "The Project Title", {}),
    ("text", "paragraph", "An introduction with emp", {}),
    ("heading", "heading", "Setext Heading Two", {"level": 2}),
    ("heading", "heading", "Installing", {"level": 2}),
    ("text", "list_item", "Download the archive fro", {"depth": 1, "marker": "1."}),
    ("text", "list_item", "Unpack it:", {"depth": 1, "marker": "2."}),
    ("text", "list_item", "on Linux with tar", {"depth": 2, "marker": "◦"}),
    ("text", "list_item", "on Windows with the file", {"depth": 2, "marker": "◦"}),
    ("text", "list_item", "Run the installer.", {"depth": 1, "marker": "3."}),
    ("text", "list_item", "a bullet", {"depth": 1, "marker": "•"}),
    ("text", "list_item", "another bullet style", {"depth": 1, "marker": "•"}),
    ("text", "quote", "A quoted paragraph that ", {"quote": 1}),
    ("text", "quote", "A nested quote.", {"quote": 2}),
    ("text", "code", "# cd tools/doc\nmake html", {}),
    ("text", "code", "# indented code block\npr", {}),
    ("text", "table", "Name | Value | Notes\nalp", {}),
    ("rule", "rule", "", {}),
    ("text", "paragraph", "An HTML block shown as t", {}),
    ("text", "lines", "Fonts we ship:\nDejaVu Sa", {}),
    ("text", "lines", "A line with a hard break", {}),
    ("heading", "heading", "A third-level heading", {"level": 3}),
    ("text", "paragraph", "Final paragraph.", {}),
]

RELEASE_NOTES_ROWS: list[Row] = [
    ("title", "paragraph", "Frobnicator 3.1 Release ", {}),
    ("heading", "heading", "Updates since 3.0", {"level": 2}),
    ("heading", "heading", "Backward compatibility n", {}),
    ("text", "list_item", 'The "--fast" option is g', {"depth": 1, "marker": "•"}),
    ("text", "list_item", "Configuration files are ", {"depth": 1, "marker": "•"}),
    ("text", "list_item", "$XDG_CONFIG_HOME/frob/co", {"depth": 2, "marker": "◦"}),
    ("text", "list_item", "/etc/frob/config", {"depth": 2, "marker": "◦"}),
    ("text", "list_item", "The second one is read o", {"depth": 2, "marker": ""}),
    ("text", "list_item", "Numbered with a parenthe", {"depth": 1, "marker": "1)"}),
    ("text", "list_item", "And a second item.", {"depth": 1, "marker": "2)"}),
    ("text", "list_item", "Lettered items work", {"depth": 1, "marker": "a)"}),
    ("text", "list_item", "the same way.", {"depth": 1, "marker": "b)"}),
    ("heading", "heading", "Performance", {"level": 3}),
    ("text", "paragraph", "The frobnication loop is", {}),
    ("text", "preformatted", "# this is a shell commen", {}),
    ("text", "preformatted", "# and a second paragraph", {}),
    ("text", "preformatted", "+--------+--------+-----", {}),
    ("text", "preformatted", "--cache=N     keep N res", {}),
    ("text", "lines", "Thanks to these people f", {}),
    ("heading", "heading", "3.2.1. Numbered Section ", {"level": 3}),
    ("text", "paragraph", "The text under a numbere", {}),
    ("text", "paragraph", "78,000", {}),
    ("text", "paragraph", "The number above is a fi", {}),
]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("every_construct.md", MARKDOWN_ROWS), ("release_notes.txt", RELEASE_NOTES_ROWS)],
)
def test_every_construct_becomes_the_block_it_is(name: str, expected: list[Row]) -> None:
    assert _rows(_load(name)) == expected


def test_markdown_inline_styles_and_links_index_the_text() -> None:
    article = _load("every_construct.md")
    intro = article.blocks[2]
    styled = {intro.text[a:b]: style for a, b, style in intro.styles}
    assert styled["emphasis"] == "italic"
    assert styled["strong words"] == "bold"
    assert styled["inline code"] == "code"
    assert styled["struck"] == "strike"
    assert styled["diagram alt"] == "image"
    links = {intro.text[a:b]: url for a, b, url in intro.links}
    assert links == {
        "link to the docs": "https://docs.example.org/start",
        "diagram alt": "img/d.png",
    }


def test_code_and_tables_keep_their_content() -> None:
    article = _load("every_construct.md")
    code = next(b for b in article.blocks if b.kind == "code")
    assert code.text == "# cd tools/doc\nmake html\n    indented with a tab"
    assert "cd tools/doc" not in [h.text for h in article.headings]
    table = next(b for b in article.blocks if b.kind == "table")
    cells = [[table.text[a:b] for a, b in row] for row in table.rows]
    assert cells == [
        ["Name", "Value", "Notes"],
        ["alpha", "1", "the first one"],
        ["beta", "22", "a styled cell"],
    ]


def test_plain_text_preformatted_blocks_are_verbatim() -> None:
    article = _load("release_notes.txt")
    kept = [b.text for b in article.blocks if b.kind == "preformatted"]
    assert kept[2].split("\n")[1] == "| Input  | Before | After |"
    assert kept[3].split("\n") == [
        "--cache=N     keep N results (default 16)",
        "--quiet       print nothing but errors",
        "--version     print the version and exit",
    ]


def test_a_title_is_never_a_badge_or_a_bare_link() -> None:
    meta, _ = read_article(
        "[![CI](https://x/b.svg)](https://x)\n\nReal words here.\n", "f", "markdown"
    )
    assert meta.title == "Real words here."
    meta, _ = read_article("https://example.org/page\n\nThe Actual Title\n\nBody text.\n", "f")
    assert meta.title == "The Actual Title"


def test_a_title_taken_from_the_first_sentence_is_shown_once() -> None:
    text = "This is the lead sentence of the story. And the story goes on.\n\nMore.\n"
    article = Article("a", Path("a.txt"), text, "utf-8", *read_article(text, "a"))
    assert article.meta.title_from_text
    shown = reader_text(article)
    assert shown.count("This is the lead sentence of the story.") == 1


def test_show_json_gives_each_block_its_kind_and_lines() -> None:
    blocks = structure(_load("every_construct.md"))["blocks"]
    item = next(b for b in blocks if b["kind"] == "list_item")
    assert (item["depth"], item["marker"], item["lines"]) == (1, "1.", [12, 13])
    table = next(b for b in blocks if b["kind"] == "table")
    assert table["rows"][0] == ["Name", "Value", "Notes"] and table["lines"] == [37, 40]
    code = next(b for b in blocks if b["kind"] == "code")
    assert code["lines"] == [28, 32]


def test_search_finds_hits_inside_every_block_kind() -> None:
    article = _load("every_construct.md")
    index = SearchIndex()
    index.add(article)
    for query, kind in [
        ("styled", "table"),
        ("windows", "list_item"),
        ("wise", "quote"),
        ("installer", "list_item"),
        ("html", "paragraph"),
        ("oblique", "lines"),
    ]:
        hits = index.search(query, limit=5)
        kinds = {article.body[hit.paragraph].kind for hit in hits}
        assert kind in kinds, (query, kinds)


def test_a_phrase_does_not_run_across_a_line_of_code() -> None:
    article = _load("every_construct.md")
    index = SearchIndex()
    index.add(article)
    assert index.search('"make html"', limit=5)
    assert not index.search(
        '"doc make"', limit=5
    )  # "tools/doc" ends one line, "make" starts the next


# Properties

_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDE", min_size=1, max_size=9)
_LINE = st.lists(_WORD, min_size=1, max_size=12).map(" ".join)
_PREFIX = st.sampled_from(["", "", "", " * ", "- ", "1. ", "    ", "   ", "a) ", "| "])
_DOC = st.lists(
    st.tuples(_PREFIX, _LINE, st.sampled_from(["\n", "\n", "\n\n", "\n=====\n", "\n----\n"])),
    min_size=1,
    max_size=25,
).map(lambda rows: "".join(prefix + line + end for prefix, line, end in rows))


def _words(text: str) -> list[str]:
    import re

    return sorted(re.findall(r"[A-Za-z]+", text))


@settings(max_examples=150, deadline=None)
@given(_DOC, st.sampled_from(["text", "markdown"]))
def test_no_word_of_the_input_vanishes(text: str, markup: str) -> None:
    meta, blocks = read_article(text, "fallback", markup)  # type: ignore[arg-type]
    shown = " ".join(f"{b.marker} {b.text}" for b in blocks)  # a list marker is kept apart
    assert set(_words(text)) <= set(_words(shown + " " + meta.title))


_CODE_LINE = st.text(alphabet="abc xyz#$=(){}<>*-_.:;/\\'\"", max_size=40).map(str.rstrip)


@settings(max_examples=100, deadline=None)
@given(st.lists(_CODE_LINE, min_size=1, max_size=12))
def test_code_blocks_come_out_byte_identical(lines: list[str]) -> None:
    code = "\n".join(lines).strip("\n")
    if not code.strip():
        return
    text = f"Intro paragraph.\n\n```\n{code}\n```\n\nAfter.\n"
    _, blocks = read_article(text, "f", "markdown")
    assert [b.text for b in blocks if b.kind == "code"] == [code]


@settings(max_examples=100, deadline=None)
@given(_DOC)
def test_show_raw_is_the_original(text: str) -> None:
    article = Article("a", Path("a.txt"), text, "utf-8", *read_article(text, "a"))
    assert raw_text(article) == (text if text.endswith("\n") else text + "\n")


# Plain-text conventions found in /usr/share/doc


def _kinds(text: str) -> list[tuple[str, str, str]]:
    _, blocks = read_article(text, "f")
    return [(b.role, b.kind, b.text) for b in blocks]


def test_gnu_news_outline_headings_and_a_text_indented_as_a_whole() -> None:
    text = (
        "GNU frob NEWS -*- outline -*-\n\n* Noteworthy changes in release 4.9\n\n"
        "** Bug fixes\n\n  find now supports the option to be able to safely pass an\n"
        "  arbitrary number of starting points to the tool, read from a file.\n\n"
        "  Another paragraph of the same entry, which is also indented by two\n"
        "  spaces and wrapped at seventy columns like the one before it.\n"
    )
    assert _kinds(text)[:3] == [
        ("boilerplate", "paragraph", "GNU frob NEWS -*- outline -*-"),
        ("title", "paragraph", "Noteworthy changes in release 4.9"),
        ("heading", "heading", "Bug fixes"),
    ]
    paragraphs = [t for role, _, t in _kinds(text) if role == "text"]
    assert len(paragraphs) == 2 and paragraphs[0].endswith("read from a file.")


def test_ornamented_headings_rules_and_records() -> None:
    text = (
        "==================== Changes in frob-2.00 ====================\n\n"
        "Released: 2004-12-16\n\n"
        "----------------------------------------------------------------\n"
        "This file lists the people who wrote the program and how to reach them.\n\n"
        "Ada Lovelace <ada@example.org>\nGrace Hopper <grace@example.org>\n"
        "Edsger Dijkstra <ewd@example.org>\n"
    )
    rows = _kinds(text)
    assert rows[0] == ("title", "paragraph", "Changes in frob-2.00")
    assert ("rule", "rule", "") in rows
    assert ("text", "paragraph", rows[-2][2]) == rows[-2] and rows[-2][2].startswith("This file")
    assert rows[-1][1] == "lines" and rows[-1][2].count("\n") == 2


def test_rst_directives_are_kept_as_they_are() -> None:
    text = ".. include:: ../NEWS.rst\n\nReal Title\n==========\n\nBody text here.\n"
    rows = _kinds(text)
    assert rows[0] == ("boilerplate", "preformatted", ".. include:: ../NEWS.rst")
    meta, _ = read_article(text, "f")
    assert meta.title == "Real Title"


def test_a_lone_name_in_news_text_is_not_a_heading() -> None:
    def long(n: int) -> str:  # one long line a paragraph, as news text saved from a page is
        return f"Paragraph {n} says something different from the others, at length. " * 3

    text = (
        f"Headline Of The Story\n\n{long(1)}\n\n{long(2)}\n\nJane Doe\n\n{long(3)}\n\n"
        f"What Comes Next\n\n{long(4)}\n"
    )
    _, blocks = read_article(text, "f")
    assert [b.text for b in blocks if b.role == "heading"] == ["What Comes Next"]
    assert "Jane Doe" in [b.text for b in blocks if b.role == "text"]


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("by Mariana Fernández", "Mariana Fernández"),
        ("By Jane Doe and John Smith", "Jane Doe and John Smith"),
        ("by Ana de la Cruz", "Ana de la Cruz"),
        ("By Howl's Moving Castle", None),
        ("by Ewood Park", None),
        ("by Sky Plus", None),
    ],
)
def test_a_byline_needs_a_name(line: str, author: str | None) -> None:
    meta, _ = read_article(f"A Title Line\n\n{line}\n\nThe body of the article goes here.\n", "f")
    assert meta.author == author


def test_headings_over_lists_one_after_another() -> None:
    """git's release notes: a short line over a list, then another (both are headings; the
    second once made the first look like a heading followed by a heading)."""
    item = " * An item of the list, long enough to be wrapped at seventy columns and\n   go on.\n"
    text = (
        "Git 2.33 Release Notes\n======================\n\nUI, Workflows & Features\n\n"
        f"{item}\n{item}\n\nPerformance, Internal Implementation, Development Support etc.\n\n"
        f"{item}\n{item}\n\nFixes since v2.32\n-----------------\n\n{item}"
    )
    _, blocks = read_article(text, "f")
    assert [b.text for b in blocks if b.role == "heading"] == [
        "UI, Workflows & Features",
        "Performance, Internal Implementation, Development Support etc.",
        "Fixes since v2.32",
    ]


DEFINITIONS = (
    "The call returns one of these values, described in the reference section:\n\n"
    "Possible return values:\n\n"
    "BZ_CONFIG_ERROR\n"
    "    if the library has been mis-compiled\n"
    "BZ_PARAM_ERROR\n"
    "    if strm is NULL or blockSize is out of range, or the verbosity\n"
    "    is below zero or above four\n"
    "BZ_OK\n"
    "    otherwise\n\n"
    "Allowable next actions:\n\n"
    "BZ2_bzCompress\n"
    "    if BZ_OK is returned\n"
    "    no specific action needed in case of error\n\n"
    "Options:\n\n"
    "  -c, --stdout\n"
    "      Compress or decompress to standard output.\n\n"
    "  -k, --keep\n"
    "      Keep (do not delete) input files during compression.\n\n"
    "The end of the reference, a paragraph of its own at the margin again.\n"
)


def _definition_rows(text: str) -> list[tuple[str, int, str]]:
    _, blocks = read_article(text, "f")
    return [(b.kind, b.depth, b.text) for b in blocks if b.role == "text"]


def test_a_definition_list_keeps_each_description_under_its_term() -> None:
    """Terms with their descriptions indented under them (return values, options): the
    description had run on into the next term ("if the library has been mis-compiled
    BZ_PARAM_ERROR")."""
    rows = _definition_rows(DEFINITIONS)
    assert rows[1:] == [
        ("paragraph", 0, "Possible return values:"),
        ("list_item", 1, "BZ_CONFIG_ERROR"),
        ("list_item", 2, "if the library has been mis-compiled"),
        ("list_item", 1, "BZ_PARAM_ERROR"),
        ("list_item", 2, "if strm is NULL or blockSize is out of range, or the verbosity is "
                         "below zero or above four"),
        ("list_item", 1, "BZ_OK"),
        ("list_item", 2, "otherwise"),
        ("paragraph", 0, "Allowable next actions:"),
        ("list_item", 1, "BZ2_bzCompress"),
        ("list_item", 2, "if BZ_OK is returned\nno specific action needed in case of error"),
        ("paragraph", 0, "Options:"),
        ("list_item", 1, "-c, --stdout"),
        ("list_item", 2, "Compress or decompress to standard output."),
        ("list_item", 1, "-k, --keep"),
        ("list_item", 2, "Keep (do not delete) input files during compression."),
        ("paragraph", 0, "The end of the reference, a paragraph of its own at the margin again."),
    ], rows  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "Changes:\n\nrfkill:\n   - provide the FM type\nrtcwake:\n   - add a note\n",
        "Code:\n\nif (fd < 0)\n    return -1;\nelse\n    close(fd);\n",
        "Code:\n\nelse:\n    found = False\nfinally:\n    done = True\n",
        "Make:\n\ninstall:\n\tmkdir -p $(DESTDIR) \\\n\t  && cp frob $(DESTDIR)\n",
    ],
)
def test_bulleted_items_and_code_under_a_line_are_not_definitions(text: str) -> None:
    _, blocks = read_article(text, "f")
    described = [b.text for b in blocks if b.kind == "list_item" and not b.marker]
    assert described == [], blocks
    if "rfkill" in text:  # the items keep their bullets
        assert [b.marker for b in blocks if b.kind == "list_item"] == ["•", "•"], blocks


def test_indented_paragraphs_of_prose_are_not_a_definition_list() -> None:
    text = (
        "The first paragraph ends here with a line that is much shorter.\n"
        "    The second paragraph starts with an indented first line and goes on at\n"
        "the margin, as books set their paragraphs, until it ends.\n"
        "    A third paragraph starts the same way and runs on to the margin, with\n"
        "enough words to wrap more than once before it comes to an end at last.\n"
    )
    assert [kind for kind, _, _ in _definition_rows(text)] == ["paragraph"] * 3


@pytest.mark.parametrize("section", ["Name", "NAME", "Synopsis", "Contents", "Abstract:"])
def test_a_first_heading_that_names_a_section_is_not_the_title(section: str) -> None:
    """A manual page's PDF starts with its "Name" section: the whole manual was titled
    "Name" in the sidebar. The title is what the section says."""
    text = f"{section}\n{'=' * len(section)}\n\nfonts.conf - Font configuration files\n\n"
    text += "Other\n-----\n\nFontconfig is a library designed to configure fonts for the system.\n"
    meta, _ = read_article(text, "fontconfig-user")
    assert meta.title == "fonts.conf - Font configuration files"


def test_show_keeps_a_tight_list_tight_as_the_reader_does() -> None:
    """`borderread show` put a blank line after every item (the reader does not, for
    items on adjacent lines): a definition list read as a column of loose pairs."""

    def shown(text: str) -> str:
        meta, blocks = read_article(text, "t", "markdown")
        return reader_text(Article("t", Path("t.md"), text, "utf-8", meta, blocks))

    tight_text = shown("Intro paragraph here.\n\n- one\n- two\n\nAfter.\n")
    loose_text = shown("Intro paragraph here.\n\n- one\n\n- two\n\nAfter.\n")
    assert "• one\n• two\n\nAfter." in tight_text, tight_text
    assert "• one\n\n• two\n\nAfter." in loose_text, loose_text


def test_a_task_list_shows_its_boxes_not_brackets() -> None:
    """GitHub's task lists (``- [ ]``, ``- [x]``): a box where the bullet would be, after
    an ordered item's number; the inline styles still index the text."""
    text = (
        "Intro paragraph here.\n\n- [ ] write the report\n- [x] read the *draft*\n"
        "- plain item\n- [ ]\n\n1. [X] numbered done\n"
    )
    _, blocks = read_article(text, "t", "markdown")
    items = [b for b in blocks if b.kind == "list_item"]
    assert [(b.marker, b.text) for b in items] == [
        ("☐", "write the report"),
        ("☑", "read the draft"),
        ("•", "plain item"),
        ("•", "[ ]"),  # a box with nothing after it stays as typed
        ("1.", "☑ numbered done"),
    ]
    read = items[1]
    assert [(read.text[a:b], style) for a, b, style in read.styles] == [("draft", "italic")]


ROFF_LIST = (
    "Manual\n======\n\nThe general conventions used throughout this manual include\n\n"
    " o file names and paths in italic, e.g.  /usr/share/man.\n"
    " o variable  strings  (usually  path  components)  enclosed  within  <> and in\n"
    "   italic, eg.  <sec>,\n"
    " o environment variables denoted as follows: $ENV_VAR\n\n"
    "Cat pages are not wanted:\n\n"
    " o When it is advantageous to mount /usr as a read-only filesystem.  Cat pages\n"
    "   cannot be supported in this situation.\n"
    " o When NFS mounting alternate OS's manual page  hierarchies.\n"
)


def test_roff_bullets_drawn_as_o_are_list_items() -> None:
    """roff's plain-text output (man-db's manual) draws each bullet as "o": the items were
    reflowed into one paragraph, "include o file names … o variable strings"."""
    _, blocks = read_article(ROFF_LIST, "manual")
    items = [(b.marker, b.text) for b in blocks if b.kind == "list_item"]
    assert items == [
        ("•", "file names and paths in italic, e.g. /usr/share/man."),
        (
            "•",
            "variable strings (usually path components) enclosed within <> and in italic,"
            " eg. <sec>,",
        ),
        ("•", "environment variables denoted as follows: $ENV_VAR"),
        (
            "•",
            "When it is advantageous to mount /usr as a read-only filesystem. Cat pages"
            " cannot be supported in this situation.",
        ),
        ("•", "When NFS mounting alternate OS's manual page hierarchies."),
    ], blocks


@pytest.mark.parametrize(
    "text",
    [
        "Dos caminos\n\no bien se queda en casa y descansa toda la tarde, o sale a ver\nel mar.\n",
        "Notes:\n o a lone item is a word, not a list\n\nThe end.\n",
    ],
)
def test_a_lone_o_starting_a_line_is_a_word(text: str) -> None:
    _, blocks = read_article(text, "f")
    assert not [b for b in blocks if b.kind == "list_item"], blocks
    assert any(b.text.startswith("o ") for b in blocks), blocks


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("The general conventions used throughout this manual include", False),
        ("Its options are the following", False),
        ("Features such as", False),
        ("Installing the package", True),
        ("Conventions", True),
    ],
)
def test_a_line_leading_into_a_list_is_not_a_heading(line: str, heading: bool) -> None:
    """man-db's manual: "The general conventions used throughout this manual include",
    then its list, was shown as a heading."""
    text = f"Manual\n======\n\nAn opening paragraph that ends as a sentence does.\n\n{line}\n\n"
    text += " - file names in italic,\n - program names in bold.\n"
    _, blocks = read_article(text, "manual")
    block = next(b for b in blocks if b.text == line)
    assert (block.role == "heading") is heading, blocks
