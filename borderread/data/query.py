"""Search queries: words (typo-tolerant), "quoted phrases" (exact after folding), smart case."""

from __future__ import annotations

import re
from dataclasses import dataclass

from borderread.data.fold import fold_keep_case, fold_words

_QUOTED = re.compile(r"[\"“”„«»]([^\"“”„«»]*)(?:[\"“”„«»]|$)")


def max_edits(word: str) -> int:
    """Typo tolerance scaled to word length: none up to 3 letters, 1 up to 7, then 2."""
    if len(word) <= 3:
        return 0
    return 1 if len(word) <= 7 else 2


def keep_case_fold(text: str) -> str:
    """Accents and ligatures folded, case kept: what smart-case matching compares."""
    return fold_keep_case(text)


@dataclass(frozen=True, slots=True)
class Term:
    """One query word: folded, with its original (for smart case) and its tolerance."""

    word: str
    original: str
    edits: int
    prefix: bool = False
    """The word is still being typed: also match words that start with it."""


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query."""

    text: str
    terms: tuple[Term, ...]
    phrases: tuple[tuple[Term, ...], ...]
    case_sensitive: bool

    @property
    def empty(self) -> bool:
        return not self.terms and not self.phrases

    def with_typos_in_phrases(self) -> Query | None:
        """The query with its quoted phrases' words forgiving typos (still side by side), or
        None when that changes nothing (no phrase, or only short words)."""
        relaxed = tuple(
            tuple(Term(t.word, t.original, max_edits(t.word)) for t in phrase)
            for phrase in self.phrases
        )
        if relaxed == self.phrases:
            return None
        return Query(self.text, self.terms, relaxed, self.case_sensitive)

    @property
    def parts(self) -> int:
        """How many things must match for a paragraph to match everything."""
        return len(self.terms) + len(self.phrases)


def _terms(text: str, tolerant: bool) -> list[Term]:
    originals = [w for w in re.findall(r"\w+", keep_case_fold(text))]
    folded = fold_words(text)
    if len(originals) != len(folded):  # a ligature or ß changed the word count: keep it simple
        originals = folded
    return [
        Term(w, o, max_edits(w) if tolerant else 0) for w, o in zip(folded, originals, strict=True)
    ]


def parse_query(text: str, *, smart_case: bool = True, incremental: bool = False) -> Query:
    """Parse ``text``; with ``incremental`` the last word may be a prefix (typing under way)."""
    phrases = []
    for match in _QUOTED.finditer(text):
        words = _terms(match.group(1), tolerant=False)
        if words:
            phrases.append(tuple(words))
    loose = _QUOTED.sub(" ", text)
    terms = _terms(loose, tolerant=True)
    if terms and incremental and not text[-1:].isspace() and loose.rstrip() == loose:
        last = terms[-1]
        terms[-1] = Term(last.word, last.original, last.edits, prefix=True)
    case_sensitive = smart_case and any(c.isupper() for c in text)
    return Query(text, tuple(terms), tuple(phrases), case_sensitive)
