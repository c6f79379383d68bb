"""Generate large, real-looking article collections from the seeds' own sentences."""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

from borderread.data.corpus import load_corpus
from borderread.paths import seeds_dir

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")


def seed_sentences() -> tuple[list[str], list[str]]:
    """Sentences and headings of the bundled articles."""
    sentences: list[str] = []
    headings: list[str] = []
    for article in load_corpus([seeds_dir()]).articles:
        for block in article.body:
            if block.role == "heading":
                headings.append(block.text)
            else:
                sentences.extend(s for s in _SENTENCE.split(block.text) if len(s) > 20)
    return sentences, headings


def article_text(
    rng: random.Random,
    sentences: list[str],
    headings: list[str],
    target_bytes: int,
    hard_wrap: bool = False,
) -> str:
    """One article: a title, a byline, a date, then headed sections of paragraphs."""
    title = rng.choice(headings + sentences[:50]).rstrip(".")
    parts = [
        title,
        "",
        f"by {rng.choice(['Ana López', 'Sam Carliner', 'Eugene Walker'])}",
        "",
        f"March {rng.randint(1, 28)}, {rng.randint(2015, 2025)}",
        "",
    ]
    size = sum(len(p) for p in parts)
    while size < target_bytes:
        if rng.random() < 0.15:
            parts += [rng.choice(headings), ""]
        paragraph = " ".join(rng.choice(sentences) for _ in range(rng.randint(2, 7)))
        if hard_wrap:
            paragraph = "\n".join(_wrap(paragraph, 72))
        parts += [paragraph, ""]
        size += len(paragraph) + 1
    return "\n".join(parts)


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line]


def generate_collection(folder: Path, count: int, article_bytes: int, seed: int = 1) -> Path:
    """Write ``count`` articles of about ``article_bytes`` each into ``folder``."""
    rng = random.Random(seed)
    sentences, headings = seed_sentences()
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        sub = folder / f"part{number // 1000:02d}"
        sub.mkdir(exist_ok=True)
        text = article_text(rng, sentences, headings, article_bytes, hard_wrap=number % 5 == 0)
        (sub / f"article{number:05d}.txt").write_text(text, encoding="utf-8")
    return folder


def generate_article(path: Path, size: int, seed: int = 1, one_line: bool = False) -> Path:
    """Write one big article (``size`` bytes), optionally as a single line."""
    rng = random.Random(seed)
    sentences, headings = seed_sentences()
    text = article_text(rng, sentences, headings, size)
    if one_line:
        text = " ".join(text.split())
    data = text.encode("utf-8")
    if path.exists() and path.read_bytes() == data:
        return path  # unchanged: keep its time, so saved reader-mode results stay valid
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--bytes", type=int, default=2_000, help="size of each article")
    args = parser.parse_args()
    generate_collection(args.folder, args.count, args.bytes)


if __name__ == "__main__":
    main()
