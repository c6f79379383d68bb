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
    assert origin == sorted(origin)
    for position, source in enumerate(origin):  # each folded char comes from its source char
        assert folded[position] in fold(text[source]) or fold(text[source]) == ""


@given(st.text(alphabet=st.sampled_from("aéÉ ß-—“”\u00ad\u200bﬁ.,xyZ"), max_size=200))
def test_folded_words_are_the_words_of_the_folded_text(text: str) -> None:
    expected = fold_words(fold(text))
    assert fold_words(text) == expected
