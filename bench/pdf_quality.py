"""PDFs: how much of each real PDF's text the reader keeps, and how much of it falls apart.

For every PDF in /usr/share/doc (plain or gzipped): the words of four letters or more in
PDFium's own text of its pages against those in borderread's reader-mode text (a word the
reader lost shows as missing; line-end hyphens are joined first on both sides), and the
share of body paragraphs of one to three words (a formula's or a table's pieces, a list
merged wrongly: what reads as broken).
"""

from __future__ import annotations

import gzip
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

DOCS = Path("/usr/share/doc")
_WORD = re.compile(r"[A-Za-z]{4,}")


@dataclass
class Row:
    name: str
    pages: int
    words: int
    lost: int
    paragraphs: int
    short: int


def pdfs(folder: Path = DOCS) -> list[Path]:
    """The PDFs under ``folder``, by name."""
    found = [*folder.rglob("*.pdf"), *folder.rglob("*.pdf.gz")]
    return sorted(path for path in found if path.is_file())


def measure(path: Path) -> Row | None:
    """The figures for one PDF, or None when it has no text."""
    import pypdfium2

    from borderread.data.corpus import Source, load_article
    from borderread.data.decode import NotText

    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    document = pypdfium2.PdfDocument(data)
    pdfium_words: Counter[str] = Counter()
    for page in document:
        text = page.get_textpage().get_text_range()
        pdfium_words.update(_WORD.findall(re.sub("\ufffe\r\n|\ufffe|\x02", "", text)))
    pages = len(document)
    document.close()
    try:
        article = load_article(Source(path, path.name))
    except (OSError, NotText):
        return None
    ours = Counter(_WORD.findall(" ".join(block.text for block in article.blocks)))
    lost = pdfium_words - ours
    paragraphs = [block for block in article.body if block.kind == "paragraph"]
    short = sum(1 for block in paragraphs if len(block.text.split()) <= 3)
    return Row(path.name, pages, sum(pdfium_words.values()), sum(lost.values()),
               len(paragraphs), short)  # fmt: skip


def run(folder: Path = DOCS) -> list[Row]:
    return [row for path in pdfs(folder) if (row := measure(path)) is not None]


def table(rows: list[Row]) -> str:
    lines = [
        "| PDF | pages | words (PDFium) | lost by the reader | paragraphs | of 1–3 words |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lost = 100 * row.lost / max(row.words, 1)
        short = 100 * row.short / max(row.paragraphs, 1)
        lines.append(
            f"| {row.name} | {row.pages} | {row.words:,} | {row.lost} ({lost:.1f}%) "
            f"| {row.paragraphs:,} | {row.short} ({short:.0f}%) |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(run()))
