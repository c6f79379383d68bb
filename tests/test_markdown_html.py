"""Raw HTML in Markdown is shown as what it stands for, not as its tags (a README's
centred title and badges, a note in a <div>, <br> in a table cell)."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from borderread.data.models import Block
from tests.blocks import read_blocks, styled


def _read(text: str) -> tuple[str, list[Block]]:
    return read_blocks(text, "markdown")


def test_an_image_in_a_div_above_the_heading_leaves_the_heading_the_title() -> None:
    title, blocks = _read(
        '<div align="center"><img src="https://example.org/logo.svg" alt="" height="150">'
        "</div>\n\n# Click\n\nClick is a Python package for command line interfaces.\n"
    )
    assert title == "Click"
    assert blocks[0].text == "image"
    assert blocks[0].role == "boilerplate" and blocks[0].reason == "badges"
    assert not any("<" in block.text for block in blocks)


def test_a_centred_html_title_and_a_row_of_badges() -> None:
    title, blocks = _read(
        '<h1 align="center">Charset Detection, for Everyone 👋</h1>\n'
        '<p align="center">\n'
        '  <a href="https://pypi.org/p"><img alt="PyPI" src="https://b.io/pypi.svg" /></a>\n'
        '  <a href="https://ci.example"><img alt="CI &amp; tests" src="ci.svg"></a>\n'
        "</p>\n\n"
        "This project offers you an alternative to Chardet.\n"
    )
    assert title == "Charset Detection, for Everyone 👋"
    badges = blocks[1]
    assert badges.text == "PyPI CI & tests"
    assert badges.role == "boilerplate" and badges.reason == "badges"
    assert {badges.text[a:b]: url for a, b, url in badges.links} == {
        "PyPI": "https://pypi.org/p",
        "CI & tests": "https://ci.example",
    }
    assert blocks[2].role == "text" and blocks[2].text.startswith("This project")


def test_inline_tags_become_styles_breaks_and_images() -> None:
    _, blocks = _read(
        "Press <kbd>Ctrl</kbd>+<kbd>C</kbd> to <b>stop</b>, <em>gently</em>.<br>\n"
        'Then see <a href="https://example.org/docs">the docs</a> <!-- a comment -->now.\n'
        "\n"
        '<img src="x.png" alt="A diagram"> of the flow, and <span>more</span> text.\n'
    )
    lines, image = blocks[0], blocks[1]
    assert lines.kind == "lines"
    assert lines.text == "Press Ctrl+C to stop, gently.\nThen see the docs now."
    assert styled(lines) == {
        "Ctrl": "code", "C": "code", "stop": "bold", "gently": "italic", "the docs": "link"
    }  # fmt: skip
    assert [(lines.text[a:b], url) for a, b, url in lines.links] == [
        ("the docs", "https://example.org/docs")
    ]
    assert image.text == "A diagram of the flow, and more text."
    assert styled(image) == {"A diagram": "image"}
    assert image.role == "text"  # an image among words is not a row of badges


def test_a_break_in_a_table_cell_keeps_the_row_on_one_line() -> None:
    _, blocks = _read(
        "| Feature | Chardet |\n|---|---|\n| Full-payload validation<br>Safety | ❌ |\n"
    )
    table = blocks[0]
    assert table.kind == "table"
    assert table.text.split("\n") == ["Feature | Chardet", "Full-payload validation Safety | ❌"]
    assert [[table.text[a:b] for a, b in row] for row in table.rows] == [
        ["Feature", "Chardet"],
        ["Full-payload validation Safety", "❌"],
    ]


def test_an_html_table_is_a_table_with_exact_cells() -> None:
    _, blocks = _read(
        "<table>\n  <tr><th>Name</th><th>Value</th></tr>\n"
        "  <tr><td><code>alpha</code></td><td>1<br>(one)</td></tr>\n"
        "  <tr><td><p>beta</p><p>gamma</p></td><td> 2 </td></tr>\n</table>\n"
    )
    table = blocks[0]
    assert table.kind == "table"
    assert [[table.text[a:b] for a, b in row] for row in table.rows] == [
        ["Name", "Value"],
        ["alpha", "1 (one)"],
        ["beta gamma", "2"],
    ]
    assert table.text == "Name | Value\nalpha | 1 (one)\nbeta gamma | 2"
    assert styled(table) == {"alpha": "code"}


def test_lists_quotes_code_and_rules_in_html() -> None:
    _, blocks = _read(
        "# Notes\n\n"
        '<ol start="3"><li>three</li><li>four<ul><li>nested</li></ul></li></ol>\n'
        "<blockquote><p>Quoted words.</p></blockquote>\n"
        "<hr>\n"
        "<pre>\n  indented()\n\tcode &lt;here&gt;\n</pre>\n"
    )
    kinds = [(b.kind, b.text, b.marker, b.depth, b.quote) for b in blocks[1:]]
    assert kinds == [
        ("list_item", "three", "3.", 1, 0),
        ("list_item", "four", "4.", 1, 0),
        ("list_item", "nested", "◦", 2, 0),
        ("quote", "Quoted words.", "", 0, 1),
        ("rule", "", "", 0, 0),
        ("code", "  indented()\n    code <here>", "", 0, 0),
    ]


def test_comments_scripts_and_styles_show_nothing() -> None:
    source = (
        "Intro paragraph of the document.\n\n"
        "<!-- badges: start -->\n\n"
        "<script>alert('no')</script>\n<style>p { color: red }</style>\n\n"
        "The end of the document.\n"
    )
    _, blocks = _read(source)
    assert [b.text for b in blocks] == [
        "Intro paragraph of the document.",
        "The end of the document.",
    ]


def test_html_blocks_keep_their_lines() -> None:
    source = (
        "First paragraph.\n\n"  # lines 0-1
        "<div>\n<p>One</p>\n\n</div>\n"  # the HTML block: lines 2-3 (a blank line ends it)
        "<p>\nTwo\n</p>\n"  # lines 6-8
    )
    _, blocks = _read(source)
    by_text = {b.text: (b.first_line, b.last_line) for b in blocks}
    assert by_text["One"] == (3, 3)
    assert by_text["Two"][0] >= 6 and by_text["Two"][1] <= 8


def test_escape_sequences_in_html_reach_no_terminal() -> None:
    _, blocks = _read(
        '<p title="x">red &#27;[31m text &#x9b;2J and \x1b]0;title\x07</p>\n\n'
        'A <img alt="&#27;[5m blink"> image, a <a href="javascript:&#27;">link</a>.\n'
    )
    for block in blocks:
        assert not any(unicodedata.category(c) == "Cc" and c != "\n" for c in block.text)
    assert "␛]0;title␇" in blocks[0].text  # the raw one shown as symbols
    assert "red [31m text ›2J" in blocks[0].text  # HTML drops &#27; and maps &#x9b;


_PIECES = [
    "<div>", "</div>", "<p>", "</p>", "<b>", "</b>", "<a href='u'>", "</a>", "<br>",
    "<img alt='i'>", "<table>", "<tr>", "<td>", "</td>", "</tr>", "</table>", "<ul>", "<li>",
    "</li>", "</ul>", "<pre>", "</pre>", "<!--", "-->", "<h2>", "</h2>", "<script>",
    "</script>", "text", " ", "\n", "&amp;", "\x1b", "words here", "|", "---",
]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_any_html_makes_blocks_whose_spans_index_their_text(pieces: list[str]) -> None:
    source = "".join(pieces)
    _, blocks = _read(source)
    lines = source.split("\n")
    for block in blocks:
        for start, end, _style in block.styles:
            assert 0 <= start < end <= len(block.text)
        for start, end, _url in block.links:
            assert 0 <= start < end <= len(block.text)
        for row in block.rows:
            for start, end in row:
                assert 0 <= start <= end <= len(block.text)
        assert 0 <= block.first_line <= block.last_line < max(len(lines), 1)
        assert "\x1b" not in block.text
