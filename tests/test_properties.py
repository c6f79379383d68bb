"""Property tests: decoding and cleaning never raise, and no word of the input vanishes."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from borderread.data.clean import read_article
from borderread.data.decode import NotText, decode_bytes
from borderread.data.models import ArticleMeta, Block
from borderread.data.text import visible, without_terminal_styling

_TOKEN = re.compile(r"\w+")
_BREAK_HYPHEN = re.compile(r"(\w+)-[ \t]*(?:\r\n|\r|\n)\s*(\w+)")


def _output_tokens(meta: ArticleMeta, blocks: tuple[Block, ...]) -> set[str]:
    texts = [b.text for b in blocks] + [meta.title, meta.author or "", meta.source or ""]
    return {token for text in texts for token in _TOKEN.findall(text)}


def assert_nothing_vanishes(text: str) -> None:
    meta, blocks = read_article(text, "fallback")
    out = _output_tokens(meta, blocks)
    # What a reader can see of the input: no terminal styling codes (they style letters,
    # tested on their own), soft hyphens join their halves (as in a browser), and invisible
    # characters show as placeholders (``visible``, tested on its own).
    text = without_terminal_styling(text).replace("\u00ad", "")
    joined = {}
    for match in _BREAK_HYPHEN.finditer(text):  # on the line breaks, before \r is shown as ␍
        first, second = match.groups()
        joined[first] = joined[second] = first + second
    text = visible(text)
    missing = [
        token for token in _TOKEN.findall(text) if token not in out and joined.get(token) not in out
    ]
    assert not missing, missing


WORDS = st.sampled_from(
    [
        "the",
        "border",
        "migrants",
        "Darién",
        "López",
        "caravan",
        "U.S.",
        "super-",
        "third-",
        "2021",
        "October",
        "23,",
        "Facebook",
        "Twitter",
        "Share",
        "Leave",
        "a",
        "Reply",
        "by",
        "Left",
        "Voice",
        "—",
        "“quoted”",
        "[…]",
        "#",
        "##",
        "---",
        "title:",
        "date:",
        "Photo",
        "is",
        "a",
        "credit",
        "Originally",
        "published",
        "in",
    ]
)
LINE = st.lists(WORDS | st.text(max_size=8), max_size=14).map(" ".join)
INDENT = st.sampled_from(["", "", "", "  ", "    ", "\t"])
DOCUMENT = st.lists(st.tuples(INDENT, LINE), max_size=40).flatmap(
    lambda lines: st.sampled_from(["\n", "\r\n", "\r"]).map(
        lambda nl: nl.join(indent + line for indent, line in lines)
    )
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENT)
@example("\x1b[m word")  # a styling code is not a word (hypothesis found "m" missing)
@example(" +\x08o roff's bullet\n +\x08o drawn struck")
def test_structured_documents_lose_no_word(text: str) -> None:
    assert_nothing_vanishes(text)


@settings(max_examples=300)
@given(st.text(max_size=3000))
def test_arbitrary_text_loses_no_word(text: str) -> None:
    assert_nothing_vanishes(text)


@settings(max_examples=300)
@given(st.binary(max_size=3000))
def test_decoding_and_cleaning_arbitrary_bytes_never_raises(data: bytes) -> None:
    try:
        text, _ = decode_bytes(data)
    except NotText:
        return
    assert_nothing_vanishes(text)


def test_the_seeds_lose_no_word(seeds) -> None:  # type: ignore[no-untyped-def]
    for path in sorted(seeds.iterdir()):
        assert_nothing_vanishes(path.read_text(encoding="utf-8"))
