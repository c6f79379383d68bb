"""The five seeds' reader mode, block for block, as it was before structured text (#12).

Structure recognition (lists, underlined headings, preformatted text) must leave these
articles exactly as they were: ``tests/golden/seeds_reader.json`` was written by the cleaner
that passed the seeds' table (tests/test_seeds.py) and is compared whole.
"""

from __future__ import annotations

import json

from borderread.data.corpus import load_corpus
from tests.conftest import REPO, SEEDS

GOLDEN = REPO / "tests" / "golden" / "seeds_reader.json"


def test_seeds_reader_mode_is_unchanged() -> None:
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    corpus = load_corpus([SEEDS])
    assert sorted(a.id for a in corpus.articles) == sorted(expected)
    for article in corpus.articles:
        want = expected[article.id]
        assert list(article.meta)[: len(want["meta"])] == want["meta"], article.id
        got = [[b.role, b.reason, b.first_line, b.last_line, b.text] for b in article.blocks]
        assert got == want["blocks"], article.id
        assert {b.kind for b in article.blocks} <= {"paragraph", "heading"}, article.id
