"""PDFs: time to read a 100-page PDF into reader mode (extraction with pypdfium2, paragraph
rebuilding, running headers set apart, then the reader's cleaning), in-process.

The PDF is written with fpdf2 (a test dependency): a running header, page numbers, a
heading and three hard-wrapped paragraphs a page. Also a real manual from /usr/share/doc
when it is there.
"""

from __future__ import annotations

import gzip
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PAGES = 100
TARGET_SECONDS = 1.0
MANUAL = Path("/usr/share/doc/nettle-dev/nettle.pdf.gz")
_TEXT = (
    "The committee met in the spring to review the report on river levels and agreed that the "
    "northern stations needed new gauges before the autumn floods arrived again this year. "
) * 6


@dataclass
class Row:
    name: str
    pages: int
    seconds: float


def write_pdf(path: Path, pages: int = PAGES) -> Path:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title("A Generated Report")
    for number in range(pages):
        pdf.add_page()
        pdf.set_font("Helvetica", size=9)
        pdf.cell(0, 5, "A Generated Report - running header", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "B", size=16)
        pdf.cell(0, 12, f"Chapter {number + 1}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=11)
        for _ in range(3):
            pdf.multi_cell(0, 5.5, _TEXT)
            pdf.ln(4)
        pdf.set_y(-15)
        pdf.cell(0, 5, str(number + 1), align="C")
    pdf.output(str(path))
    return path


def _time(path: Path, repeats: int = 3) -> float:
    from borderread.data.corpus import Source, load_article

    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        load_article(Source(path, path.name))
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run(folder: Path | None = None) -> list[Row]:
    folder = folder or Path(tempfile.mkdtemp(prefix="borderread-bench-"))
    generated = write_pdf(folder / "generated.pdf")
    _time(generated, 1)  # imports pypdfium2
    rows = [Row(f"generated, {PAGES} pages", PAGES, _time(generated))]
    if MANUAL.exists():
        import pypdfium2

        pages = len(pypdfium2.PdfDocument(gzip.decompress(MANUAL.read_bytes())))
        rows.append(Row(f"{MANUAL.name} (Nettle manual)", pages, _time(MANUAL)))
    return rows


def table(rows: list[Row]) -> str:
    lines = [
        "| PDF | pages | seconds (median of 3) | per 100 pages | target |",
        "|---|---:|---:|---:|---:|",
    ]
    for row in rows:
        per_hundred = row.seconds * 100 / row.pages
        lines.append(
            f"| {row.name} | {row.pages} | {row.seconds:.2f} | {per_hundred:.2f} s "
            f"| ≤ {TARGET_SECONDS:.0f} s |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(run()))
