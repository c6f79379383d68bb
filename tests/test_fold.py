"""Folding: what it forgives, and the offset map that carries matches back to the text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from borderread.data.fold import fold, fold_with_map, fold_words


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Darién", "darien"),
        ("LÓPEZ", "lopez"),
        ("“quoted” ‘single’", "\"quoted\" 'single'"),
        ("border—the – most ‒ x", "border-the - most - x"),
        ("no\u00a0break", "no break"),
        ("soft\u00adhyphen", "softhyphen"),
        ("zero\u200bwidth", "zerowidth"),
        ("ﬁne ﬂow", "fine flow"),
        ("Straße", "strasse"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded
    assert fold_with_map(text)[0] == folded


@given(st.text(max_size=300))
def test_the_offset_map_points_inside_the_text_in_order(text: str) -> None:
    folded, origin = fold_with_map(text)
    assert folded == fold(text)
    assert len(origin) == len(folded)
    assert all(0 <= i < len(text) for i in origin)
    assert list(origin) == sorted(origin)
    for position, source in enumerate(origin):  # each folded char comes from its source char
        assert folded[position] in fold(text[source]) or fold(text[source]) == ""


@given(st.text(alphabet=st.sampled_from("aéÉ ß-—“”\u00ad\u200bﬁ.,xyZ"), max_size=200))
def test_folded_words_are_the_words_of_the_folded_text(text: str) -> None:
    expected = fold_words(fold(text))
    assert fold_words(text) == expected


SCRIPTS = [
    # (script, text as written, what a reader types, the word that must be found whole)
    ("Latin", "El paso del Darién es peligroso.", "darien", "Darién"),
    ("Greek", "Η Ελληνική γλώσσα έχει τόνους.", "ελληνικη", "Ελληνική"),
    ("Cyrillic", "Привет из Москвы и Петербурга.", "москвы", "Москвы"),
    ("Hebrew", "המילה שָׁלוֹם כתובה עם ניקוד.", "שלום", "שָׁלוֹם"),
    ("Arabic", "اسم مُحَمَّد مكتوب بالتشكيل.", "محمد", "مُحَمَّد"),
    ("Devanagari", "नमस्ते दुनिया, यह एक परीक्षण है।", "नमस्ते", "नमस्ते"),
    ("Vietnamese", "Tiếng Việt có nhiều dấu thanh.", "tieng viet", "Tiếng Việt"),
]


@pytest.mark.parametrize(("script", "text", "typed", "word"), SCRIPTS, ids=[s[0] for s in SCRIPTS])
def test_one_fold_for_every_script(script: str, text: str, typed: str, word: str) -> None:
    """Index words, query words and matched spans all come from the one fold: a word with
    marks (points, harakat, vowel signs) is one word, found without its marks."""
    from pathlib import Path

    from borderread.data.models import Article, ArticleMeta, Block
    from borderread.data.search import SearchIndex

    assert all(" " not in w for w in fold_words(word))
    assert len(fold_words(word)) == len(word.split())  # marks never split a word
    article = Article(
        "a", Path("a.txt"), text, "utf-8", ArticleMeta("t"), (Block("text", text, 0, 0),)
    )
    hits = SearchIndex([article]).search(typed)
    assert hits, script
    start, end = hits[0].spans[0][0], hits[0].spans[-1][1]
    assert text[start:end].startswith(word.split()[0]) and word.split()[-1] in text[start:end]


@given(st.text(max_size=80))
def test_the_index_words_are_exactly_the_words_of_the_fold(text: str) -> None:
    from borderread.data.fold import WORD

    assert fold_words(text) == WORD.findall(fold(text))


def test_the_mark_table_is_every_mark_of_this_unicode() -> None:
    """data/marks.py is generated; it must say exactly what fold.is_mark says."""
    import re
    import sys

    from borderread.data.fold import is_mark
    from borderread.data.marks import MARK_CLASS_ASTRAL, MARK_CLASS_BMP

    table = re.compile(f"[{MARK_CLASS_BMP}{MARK_CLASS_ASTRAL}]")
    wrong = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if (table.match(chr(code)) is not None) != is_mark(chr(code))
    ]
    assert not wrong, wrong[:20]
