"""Known-item search: can a person find the paragraph they remember?

Sentences are drawn at random (fixed seed) from the saved web pages of
``../shared/corpora/web-articles`` (read through borderread's reader mode; the five bundled
articles and 400 files of /usr/share/doc stand alongside as distractors); each becomes the
query a person would type from memory: 3–6 of its words, some misspelt, accents dropped,
words reordered, or a quoted fragment.
Reported: mean reciprocal rank of the true paragraph (0 when not in the first 50) and
recall in the top 5, for borderread's collection search, for ``grep -i -F`` with the
query's exact words (every word required, file order) and for ``fzf --filter`` with the
query as typed, all over the same paragraphs (one a line for grep and fzf).
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from bench.search import ensure_fzf
from bench.web_extraction import CORPUS
from borderread.data.models import Article
from borderread.data.search import SearchIndex

QUERIES = 300
LIMIT = 50
SEED = 14
KINDS = ("words", "misspelt", "reordered", "accents dropped", "quoted fragment")
STOPWORDS = frozenset(
    "a an and are as at be by for from has have he her his in is it its of on or she that the "  # noqa: SIM905
    "their there they this to was were which who will with would not but been also than then "
    "into about more most some such can could may might our we you your i".split()
)
TARGET_MRR, TARGET_TOP5 = 0.9, 0.95


@dataclass(frozen=True)
class KnownItem:
    query: str
    words: tuple[str, ...]
    """What grep is given: the query's words (a quoted fragment stays one string)."""
    kind: str
    target: str
    """The paragraph's text: any paragraph with this text is the right one."""


@dataclass(frozen=True)
class Score:
    name: str
    mrr: float
    top5: float
    by_kind: dict[str, float]


DISTRACTORS = 400
"""Files drawn from /usr/share/doc to stand around the pages (READMEs, NEWS, changelogs)."""


def collection() -> list[Article]:
    """The web pages in reader mode, the bundled articles, and files from /usr/share/doc."""
    from borderread.data.corpus import Source, discover, iter_load, load_article, load_corpus
    from borderread.paths import seeds_dir

    pages = sorted((CORPUS / "html").glob("*.html.gz"))
    articles = [load_article(Source(path, path.name[:12])) for path in pages]
    articles += load_corpus([seeds_dir()]).articles
    sources, _ = discover([Path("/usr/share/doc")])
    sample = random.Random(SEED).sample(sources, min(DISTRACTORS, len(sources)))
    loaded = [a for a in iter_load(sample) if isinstance(a, Article)]
    return articles + [a for a in loaded if sum(len(b.text) for b in a.body) <= 100_000]


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 8]


def _misspell(word: str, rng: random.Random) -> str:
    """One typing slip inside the word: a letter dropped, doubled, or two swapped."""
    i = rng.randrange(1, len(word) - 1)
    slip = rng.choice(("drop", "double", "swap"))
    if slip == "drop":
        return word[:i] + word[i + 1 :]
    if slip == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _unaccented(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def make_queries(articles: list[Article], count: int = QUERIES) -> list[KnownItem]:
    rng = random.Random(SEED)
    web = [a for a in articles if a.raw and a.encoding == "html"] or articles
    pool = [(block.text, s) for a in web for block in a.body for s in _sentences(block.text)]
    items: list[KnownItem] = []
    while len(items) < count:
        paragraph, sentence = rng.choice(pool)
        words = [w.strip(".,;:!?()\"'“”‘’") for w in sentence.split()]
        content = [w for w in words if w.isalpha() and w.lower() not in STOPWORDS]
        size = rng.randint(3, 6)
        if len(content) < size:
            continue
        start = rng.randrange(len(content) - size + 1)
        chosen = content[start : start + size]
        kind = KINDS[len(items) % len(KINDS)]
        if kind == "misspelt":
            long = [i for i, w in enumerate(chosen) if len(w) >= 5]
            if not long:
                continue
            i = rng.choice(long)
            chosen[i] = _misspell(chosen[i], rng)
        elif kind == "reordered":
            rng.shuffle(chosen)
        elif kind == "accents dropped":
            chosen = [_unaccented(w).lower() for w in chosen]
        elif kind == "quoted fragment":
            run = [w for w in words if w][rng.randrange(max(len(words) - 3, 1)) :][:3]
            if len(run) < 3 or not all(run):
                continue
            fragment = " ".join(run)
            others = [w for w in chosen if w not in run][:2]
            query = f'"{fragment}" ' + " ".join(others)
            items.append(KnownItem(query.strip(), (fragment, *others), kind, paragraph))
            continue
        items.append(KnownItem(" ".join(chosen), tuple(chosen), kind, paragraph))
    return items


def _rank(found: list[str], target: str) -> int | None:
    """1-based rank of the first result that is the target paragraph, within LIMIT."""
    for rank, text in enumerate(found[:LIMIT], 1):
        if text == target:
            return rank
    return None


def _score(name: str, items: list[KnownItem], ranks: list[int | None]) -> Score:
    reciprocal = [1 / r if r else 0.0 for r in ranks]
    by_kind: dict[str, list[float]] = {}
    for item, value in zip(items, reciprocal, strict=True):
        by_kind.setdefault(item.kind, []).append(value)
    return Score(
        name,
        sum(reciprocal) / len(items),
        sum(1 for r in ranks if r and r <= 5) / len(items),
        {kind: sum(v) / len(v) for kind, v in by_kind.items()},
    )


def _flat(articles: list[Article], folder: Path) -> Path:
    lines = [" ".join(b.text.split()) for a in articles for b in a.body]
    path = folder / "paragraphs.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run_lines(command: str, flat: Path) -> list[str]:
    done = subprocess.run(
        ["sh", "-c", command], stdin=flat.open("rb"), capture_output=True, check=False
    )
    return done.stdout.decode("utf-8", "replace").splitlines()


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def run() -> list[Score]:
    articles = collection()
    items = make_queries(articles)
    index = SearchIndex(articles)
    texts = {a.id: [b.text for b in a.body] for a in articles}
    ours = []
    for item in items:
        hits = index.search(item.query, limit=LIMIT)
        ours.append(_rank([texts[h.article_id][h.paragraph] for h in hits], item.target))
    scores = [_score("borderread", items, ours)]
    with tempfile.TemporaryDirectory() as folder:
        flat = _flat(articles, Path(folder))
        normal = {" ".join(t.split()): t for a in articles for t in texts[a.id]}
        grep = [
            _rank(
                [
                    normal.get(line, line)
                    for line in _run_lines(
                        " | ".join(f"grep -i -F -e {_quote(w)}" for w in item.words), flat
                    )
                ],
                item.target,
            )
            for item in items
        ]
        scores.append(_score("grep -i -F (every word)", items, grep))
        fzf = ensure_fzf()
        if fzf and shutil.which(fzf):
            found = [
                _rank(
                    [
                        normal.get(line, line)
                        for line in _run_lines(
                            f"{fzf} --filter {_quote(item.query.replace(chr(34), ''))}", flat
                        )
                    ],
                    item.target,
                )
                for item in items
            ]
            scores.append(_score("fzf --filter", items, found))
    return scores


def table(scores: list[Score]) -> str:
    kinds = list(KINDS)
    lines = [
        f"| {QUERIES} known-item queries | MRR | top-5 recall | "
        + " | ".join(f"MRR, {k}" for k in kinds)
        + " |",
        "|---|---:|---:|" + "---:|" * len(kinds),
    ]
    for s in scores:
        lines.append(
            f"| {s.name} | {s.mrr:.3f} | {s.top5:.3f} | "
            + " | ".join(f"{s.by_kind.get(k, 0):.3f}" for k in kinds)
            + " |"
        )
    lines.append("")
    lines.append(f"Targets: MRR ≥ {TARGET_MRR}, top-5 recall ≥ {TARGET_TOP5}, ahead of both.")
    return "\n".join(lines)


def examples(count: int = 10) -> list[KnownItem]:
    """A few of the queries, to read (``python -m bench.known_item --examples``)."""
    return make_queries(collection())[:count]


if __name__ == "__main__":
    import sys

    if "--examples" in sys.argv:
        for item in examples():
            print(f"{item.kind:16} {item.query}")
    else:
        print(table(run()))
