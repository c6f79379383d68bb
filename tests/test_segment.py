"""Reflowing and classification on small hand-made texts (both paragraph styles)."""

from __future__ import annotations

import pytest

from borderread.data.clean import first_sentence, read_article, shorten
from borderread.data.segment import is_hard_wrapped, join_wrapped, keeps_hyphen


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["the migra-", "tion policy"], "the migration policy"),
        (["on dis-", "incentivizing"], "on disincentivizing"),
        (["their super-", "exploitation"], "their super-exploitation"),
        (["Juchitán, third-", "largest in"], "Juchitán, third-largest in"),
        (["self-", "made"], "self-made"),
        (["US-", "Mexico border"], "US-Mexico border"),
        (["2019-", "2022"], "2019-2022"),
        (["to offer—", "in dribs"], "to offer—in dribs"),
        (["  indented   start", "   and   more  "], "indented start and more"),
    ],
)
def test_join_wrapped(lines: list[str], joined: str) -> None:
    assert join_wrapped(lines) == joined


def test_the_text_itself_decides_ambiguous_hyphens() -> None:
    assert keeps_hyphen("co", "operation", {"co-operation"}) is True
    assert keeps_hyphen("co", "operation", {"cooperation"}) is False


def _wrapped(paragraphs: list[list[str]], indent: str = "", blank: bool = True) -> str:
    out: list[str] = []
    for lines in paragraphs:
        out.append(indent + lines[0])
        out.extend(lines[1:])
        if blank:
            out.append("")
    return "\n".join(out)


PARAS = [
    [
        "The first paragraph is hard wrapped at a narrow",
        "width, like a PDF extraction of",
        "an article would be.",
    ],
    [
        "The second one continues the text with more",
        "lines that also need to be joined",
        "into one paragraph.",
    ],
]


@pytest.mark.parametrize(
    ("indent", "blank"),
    [("", True), ("   ", False), ("   ", True)],
    ids=["blank", "indent", "both"],
)
def test_both_paragraph_styles(indent: str, blank: bool) -> None:
    text = _wrapped(PARAS, indent, blank)
    _, blocks = read_article(text, "fallback")
    assert [b.text for b in blocks] == [" ".join(p) for p in PARAS]


def test_page_break_inside_an_indented_paragraph_is_not_a_paragraph_break() -> None:
    text = "\n".join(
        [
            "   One paragraph that runs on and on until the",
            "page ends in the middle of a",
            "",
            "sentence that goes on here.",
            "   A second paragraph starts indented and is",
            "long enough to count as one.",
        ]
    )
    _, blocks = read_article(text, "x")
    assert blocks[0].text.endswith("in the middle of a sentence that goes on here.")
    assert len(blocks) == 2
    assert (blocks[0].first_line, blocks[0].last_line) == (0, 3)


def test_soft_wrapped_lines_are_paragraphs_of_their_own() -> None:
    one, two, three = (f"This is paragraph number {n} of the article. " * 8 for n in "123")
    text = f"A Title\n{one}\nA Heading Here\n{two}\n{three}"
    meta, blocks = read_article(text, "x")
    assert meta.title == "A Title"
    assert [b.role for b in blocks] == ["title", "text", "heading", "text", "text"]


def test_markdown_front_matter_wins() -> None:
    text = "\n".join(
        [
            "---",
            'title: "Front Title"',
            "author: Ana López",
            "date: 2024-03-05",
            "---",
            "# Other",
            "",
            "Body text here.",
        ]
    )
    meta, blocks = read_article(text, "x")
    assert (meta.title, meta.author, meta.date) == ("Front Title", "Ana López", "2024-03-05")
    assert blocks[0].role == "meta" and blocks[0].reason == "front-matter"
    assert [b.role for b in blocks[1:]] == ["heading", "text"]


def test_markdown_heading_as_title() -> None:
    meta, blocks = read_article("# The Title\n\nSome body text that is here.", "x")
    assert meta.title == "The Title"
    assert blocks[0].role == "title"


def test_no_title_line_uses_the_first_sentence_shortened() -> None:
    text = (
        "The U.S. border is, by any measure anyone has ever tried, the largest migration "
        "corridor in the world and then some more words. Second sentence."
    )
    meta, _ = read_article(text, "x")
    assert meta.title.endswith("…")
    assert len(meta.title) <= 80
    assert meta.title.startswith("The U.S. border is, by any measure")


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("The U.S.-Mexico border is long. It is.", "The U.S.-Mexico border is long."),
        ("Dr. Crossa explains it. Then more.", "Dr. Crossa explains it."),
        ("No punctuation at all", "No punctuation at all"),
    ],
)
def test_first_sentence(text: str, sentence: str) -> None:
    assert first_sentence(text) == sentence


def test_shorten_cuts_at_a_word_boundary() -> None:
    assert shorten("one two three four", 12) == "one two…"
    assert shorten("short", 12) == "short"


def test_hard_wrap_detection() -> None:
    assert is_hard_wrapped(["x" * 60] * 10)
    assert not is_hard_wrapped(["x" * 400] * 10)
    assert not is_hard_wrapped(["short"])


def test_share_and_comment_lines_are_set_apart_not_dropped() -> None:
    long = "A real paragraph of the article with enough words to count as body text."
    text = f"Title Here\n\nShare on Facebook | Twitter | Email\n\n{long}\n\nLeave a Reply\n\nName *"
    _, blocks = read_article(text, "x")
    roles = [(b.role, b.reason) for b in blocks]
    assert roles == [
        ("title", ""),
        ("boilerplate", "share"),
        ("text", ""),
        ("boilerplate", "comments"),
        ("boilerplate", "comments"),
    ]


def test_a_share_word_inside_a_sentence_is_body() -> None:
    _, blocks = read_article("Title\n\nShare the load with Facebook friends.", "x")
    assert blocks[-1].role == "text"
