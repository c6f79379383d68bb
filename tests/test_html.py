"""Saved web pages (#13): the article extracted with its metadata and structure, the rest of
the page set apart (never lost), nothing from the page reaching the terminal raw."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from borderread.data.corpus import Source, load_article, load_corpus
from borderread.data.decode import NotText
from borderread.data.html import _controls_as_pictures
from borderread.render_text import raw_text, reader_text
from tests.conftest import REPO

PAGE = REPO / "tests" / "fixtures" / "saved_page.html"


def test_the_article_and_its_metadata_come_out_of_the_page() -> None:
    article = load_article(Source(PAGE, "page.html"))
    meta = article.meta
    assert (meta.title, meta.author, meta.source, meta.date) == (
        "Rivers of the North", "Jane Doe", "The Daily Example", "2024-03-05",
    )  # fmt: skip
    body = [(b.kind, b.text[:30]) for b in article.body]
    assert body[0] == ("paragraph", "The rivers of the north run co")
    assert ("heading", "Where they begin") in body
    assert [kind for kind, _ in body].count("list_item") == 2
    table = next(b for b in article.body if b.kind == "table")
    assert [[table.text[a:b] for a, b in row] for row in table.rows] == [
        ["River", "Length"], ["North River", "200 km"],
    ]  # fmt: skip


def test_the_rest_of_the_page_is_set_apart_not_lost() -> None:
    article = load_article(Source(PAGE, "page.html"))
    body = " ".join(b.text for b in article.body)
    page = " ".join(b.text for b in article.set_apart if b.reason == "page")
    for chrome in ("World news menu", "Subscribe to our newsletter", "All rights reserved"):
        assert chrome not in body and chrome in page
    shown = reader_text(article, set_apart=True)
    assert "never shown" not in shown and "color: red" not in shown  # scripts, styles


def test_nothing_in_a_page_reaches_the_terminal_raw() -> None:
    article = load_article(Source(PAGE, "page.html"))
    for text in (reader_text(article, set_apart=True), raw_text(article)):
        assert "\x1b" not in text
    assert "␛[31mred" in " ".join(b.text for b in article.body)
    assert _controls_as_pictures(b"a\x07&#7;&#x07;&#10;") == b"a&#x2407;&#x2407;&#x2407;&#10;"


def test_saved_pages_are_found_in_folders_gzipped_or_not(tmp_path: Path) -> None:
    (tmp_path / "one.html").write_bytes(PAGE.read_bytes())
    (tmp_path / "two.htm.gz").write_bytes(gzip.compress(PAGE.read_bytes()))
    corpus = load_corpus([tmp_path])
    assert [a.title for a in corpus.articles] == ["Rivers of the North"] * 2


def test_a_page_with_no_article_still_opens(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body><nav>Home · About</nav></body></html>")
    article = load_article(Source(empty, "empty.html"))
    assert article.body == () or all(b.text for b in article.body)
    assert "Home · About" in " ".join(b.text for b in article.set_apart)


def test_a_table_without_a_header_row_is_still_a_table() -> None:
    from borderread.data.html import complete_tables

    fixed = complete_tables("Intro\n\n| 1 | Kyle | 5040 |\n| 2 | Martin | 5035 |\n\nAfter.")
    assert fixed.split("\n")[2:5] == [
        "| 1 | Kyle | 5040 |",
        "|---|---|---|",
        "| 2 | Martin | 5035 |",
    ]
    kept = "| a | b |\n|---|---|\n| 1 | 2 |"
    assert complete_tables(kept) == kept


def test_a_page_saved_as_mhtml(tmp_path: Path) -> None:
    from email.message import EmailMessage

    archive = EmailMessage()
    archive["Subject"] = "Saved by a browser"
    archive.set_content("see the HTML part")
    archive.add_alternative(PAGE.read_text(), subtype="html")
    archive.add_attachment(b"\x89PNG not really", maintype="image", subtype="png")
    path = tmp_path / "saved.mhtml"
    path.write_bytes(archive.as_bytes())
    article = load_article(Source(path, "saved.mhtml"))
    assert article.meta.title == "Rivers of the North"
    assert any(b.kind == "table" for b in article.body)
    empty = tmp_path / "empty.mht"
    empty.write_bytes(b"MIME-Version: 1.0\nContent-Type: text/plain\n\nno page here\n")
    with pytest.raises(NotText, match="without an HTML page"):
        load_article(Source(empty, "empty.mht"))


def test_a_very_big_page_is_read_whole_without_trafilatura(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """trafilatura took 22 s on an 8 MB page (the Node.js API reference in /usr/share/doc):
    a page over 2 MiB is its own text, every paragraph as it stands."""
    import trafilatura

    from borderread.data import html

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("trafilatura was asked to extract a very big page")

    monkeypatch.setattr(trafilatura, "extract", refuse)
    words = "of the reference, long enough that fewer paragraphs make a big page " * 3
    filler = "".join(f"<p>Paragraph {n} {words.strip()}.</p>\n" for n in range(11_000))
    page = (
        "<html><head><title>API reference</title><script>alert(1)</script></head><body>"
        "<h1>API reference</h1><p># not a heading</p><p>1. not a list item</p>"
        f"{filler}</body></html>"
    )
    path = tmp_path / "reference.html"
    path.write_text(page, encoding="utf-8")
    assert path.stat().st_size > html.EXTRACT_MAX_BYTES
    article = load_article(Source(path, path.name))
    texts = [block.text for block in article.body]
    assert "# not a heading" in texts and "1. not a list item" in texts
    assert f"Paragraph 10999 {words.strip()}." in texts
    assert not any("alert" in text for text in texts)
    assert len(texts) >= 11_000
