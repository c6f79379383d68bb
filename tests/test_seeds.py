"""The bundled seeds are the reader-mode test cases: one row per article."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from borderread.data.corpus import load_corpus
from borderread.data.models import Article
from tests.conftest import REPO, SEEDS


@dataclass(frozen=True)
class Expected:
    prefix: str
    title: str
    author: str | None
    date: str | None
    source: str | None
    headings: tuple[str, ...]
    paragraphs: int
    set_apart: dict[str, int]
    """Boilerplate reason -> how many blocks."""


EXPECTED = [
    Expected(
        "000",
        "The U.S.-Mexico border is the largest migration corridor in the world.",
        "Mariana Fernández",
        None,
        None,
        (
            "The War on Migration",
            "Immigration Is an Engine of the U.S. Economy",
            "Organized Communities Are Standing Up for Immigrants",
        ),
        26,
        {"credit": 1},
    ),
    Expected(
        "001",
        "The Immigration Crisis: Control Policies, Resistance, and the U. S. –Latin America "
        "Relationship",
        None,
        "2025-01-19",
        "La Izquierda Diario MX",
        (
            "Migration as an Instrument of Social and Political Control",
            "Socioeconomic Conditions in Latin America and the Causes of Migration",
            "The Impact of the USMCA",
            "The Migration Crisis and Its Criminalization",
            "The Return of Donald Trump and Anti-immigrant Rhetoric",
            "Confronting Trump’s Xenophobic and Racist Policies",
        ),
        33,
        {},
    ),
    Expected(
        "002",
        "U.S.-Mexico collusion against immigrants",
        "Eugene Walker",
        "2021-11-19",
        "News & Letters",
        (),
        10,
        {"comments": 2},
    ),
    Expected(
        "003",
        "As AMLO cracks down on migrants, presidential candidates advocate their "
        "super-exploitation in Mexico",
        None,
        None,
        None,
        (),
        23,
        {},
    ),
    Expected(
        "004",
        "A Migrant Caravan Breaks Through Police Blockade in Mexico. Let Them All In",
        None,
        "2021-10-26",
        "Left Voice",
        (
            "Imperialist Repression against Migrants, Imperialist Profits from Migrants",
            "Let Them All In",
        ),
        10,
        {"share": 3, "teaser": 1, "tagline": 2, "related": 35},
    ),
]


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    corpus = load_corpus([SEEDS])
    assert not corpus.skipped
    return {a.id[:3]: a for a in corpus.articles}


SEED_SHA256 = {
    "000_a531a031a9ba92fe.txt": "8c6ee164dc7bf3133e9c473c6c7cc54b54b8265919c400134f41f4ef4d2130a4",
    "001_256f042c0728b39f.txt": "dcfc92e431b6f37c2e31421674f2d4edba012e246abcb1e81597582af303e342",
    "002_b709267a969255ed.txt": "a3b9445c85f4471501cdd4862df01cf392136f94eddf01e1902a15d98de4d522",
    "003_cbc59564459f8a6a.txt": "1d5f42a8c6251c634ac5d4018bb3e91006c40619350970c55dbae5d821d786ca",
    "004_bd8505de0a0b0494.txt": "cc7b8ae97a1e923de1fa44b092785082f22064ee8f59c551a3075baa5e35c831",
}


def test_seeds_are_byte_identical_to_the_shared_ones() -> None:
    found = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in SEEDS.iterdir()}
    assert found == SEED_SHA256
    shared = REPO.parent / "shared" / "seeds"
    if shared.is_dir():  # CI clones with shared/ beside the repository
        for name in SEED_SHA256:
            assert (SEEDS / name).read_bytes() == (shared / name).read_bytes()


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda e: e.prefix)
def test_seed_metadata(articles: dict[str, Article], expected: Expected) -> None:
    meta = articles[expected.prefix].meta
    assert (meta.title, meta.author, meta.date, meta.source) == (
        expected.title,
        expected.author,
        expected.date,
        expected.source,
    )


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda e: e.prefix)
def test_seed_structure(articles: dict[str, Article], expected: Expected) -> None:
    article = articles[expected.prefix]
    assert tuple(h.text for h in article.headings) == expected.headings
    assert len(article.paragraphs) == expected.paragraphs
    reasons: dict[str, int] = {}
    for block in article.set_apart:
        reasons[block.reason] = reasons.get(block.reason, 0) + 1
    assert reasons == expected.set_apart


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda e: e.prefix)
def test_reading_time_follows_word_count(articles: dict[str, Article], expected: Expected) -> None:
    meta = articles[expected.prefix].meta
    assert meta.words > 400
    assert meta.reading_minutes == -(-meta.words // 230)


def test_pdf_article_is_reflowed_without_breaking_compounds(articles: dict[str, Article]) -> None:
    article = articles["003"]
    body = " ".join(b.text for b in article.body)
    assert "third-largest in Oaxaca" in body
    assert "download the CBP One mobile app" in body  # a page break inside a paragraph
    assert "“null effect” on disincentivizing" in body
    assert "This is the toughest level of enforcement" in body
    assert all("\n" not in b.text and "  " not in b.text for b in article.blocks)
    assert not any(b.text.endswith("-") for b in article.body)


def test_teaser_is_the_repeat_of_the_first_body_paragraph(articles: dict[str, Article]) -> None:
    article = articles["004"]
    (teaser,) = [b for b in article.set_apart if b.reason == "teaser"]
    assert teaser.text.endswith("[…]")
    assert article.paragraphs[0].text.startswith(teaser.text.removesuffix("[…]").strip())
    assert article.paragraphs[-1].text == "Let them in!"


def test_blocks_point_back_to_their_original_lines(articles: dict[str, Article]) -> None:
    from borderread.data.text import split_lines

    for article in articles.values():
        lines = split_lines(article.raw)
        for block in article.blocks:
            original = " ".join(lines[block.first_line : block.last_line + 1])
            first_word = block.text.split()[0].lstrip("#")
            assert first_word in original, (article.id, block)


def test_bundled_seed_ids_are_their_file_names(articles: dict[str, Article]) -> None:
    assert sorted(a.id for a in articles.values()) == sorted(p.name for p in Path(SEEDS).iterdir())
