"""Saved web pages: how much of the true article borderread's reader mode keeps.

On the development set in ``../shared/corpora/web-articles`` (61 pages of the Scrapinghub
article-extraction benchmark), with that benchmark's score: F1 of 4-word shingles, each
page's TP/FP/FN normalised to sum to one. The extracted text is the article's body as the
reader shows it (headings, paragraphs, list items, tables, code; not the set-apart page).
Also the median and slowest time to read one page (extraction and reader mode).
"""

from __future__ import annotations

import json
import statistics
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "web-articles"
TARGET_F1 = 0.95
TARGET_MEDIAN_MS = 100


@dataclass
class Score:
    pages: int
    precision: float
    recall: float
    f1: float
    median_ms: float
    slowest_ms: float


def shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    words = text.split()
    return Counter(tuple(words[i : i + size]) for i in range(max(len(words) - size + 1, 0)))


def run(corpus: Path = CORPUS) -> Score:
    from borderread.data.corpus import Source, load_article

    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    tp = fp = fn = 0.0
    times = []
    load_article(Source(next((corpus / "html").iterdir()), "warm-up"))  # the import
    for key, page in sorted(truth.items()):
        path = corpus / "html" / f"{key}.html.gz"
        started = time.perf_counter()
        article = load_article(Source(path, key))
        times.append((time.perf_counter() - started) * 1000)
        extracted = shingles("\n".join(block.text for block in article.body))
        expected = shingles(page.get("articleBody") or "")
        shared = sum((extracted & expected).values())
        only_extracted = sum(extracted.values()) - shared
        only_expected = sum(expected.values()) - shared
        total = shared + only_extracted + only_expected
        if total:
            tp += shared / total
            fp += only_extracted / total
            fn += only_expected / total
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(len(truth), precision, recall, f1, statistics.median(times), max(times))


def table(score: Score) -> str:
    return "\n".join(
        [
            "| pages | precision | recall | F1 | target | median ms/page | slowest ms | target |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|",
            f"| {score.pages} | {score.precision:.4f} | {score.recall:.4f} | {score.f1:.4f} "
            f"| ≥ {TARGET_F1} | {score.median_ms:.0f} | {score.slowest_ms:.0f} "
            f"| ≤ {TARGET_MEDIAN_MS} |",
        ]
    )


if __name__ == "__main__":
    print(table(run()))
