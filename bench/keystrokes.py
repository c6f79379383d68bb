"""Keystroke to changed screen while typing a search, in a real tmux (issue #9's cases).

Each key of four words (``border``, ``migrant``, ``asylum``, ``caravan``: 26 keys, the
query cleared between words) is sent alone and timed until the screen shows that key's
own results (the summary or status line names the query they are for): in the collection
search (``s``) and in the open article (``/``), on a folder holding one 2 MiB article
that is a single line (the pathological case), next to the same keys on the bundled
articles (the anchor, in the same run), and at 10 MB and 100 MB (the 100 MB collection
first loaded whole, then typed into on a restart). Page-down (and back up) in the reader is timed
until the screen changes, next to a minimal Textual app changing its text at a key and a
minimal Textual pager paging through the same seed article (``minimal_pager.py``).
"""

from __future__ import annotations

import random
import re
import shlex
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.generate import generate_article, generate_collection
from bench.tmux_timing import Session
from borderread.paths import seeds_dir

WORDS = ("border", "migrant", "asylum", "caravan")
_COUNT = re.compile(r"(\d+/\d+|no matches)")


def _huge_folder(data: Path) -> Path:
    folder = data / "one-line"
    if not folder.exists():
        folder.mkdir(parents=True)
        rng = random.Random(9)
        words = "the border wall migrants crossed river desert asylum policy camp".split()  # noqa: SIM905
        line = " ".join(rng.choice(words) for _ in range(330_000))  # ~2 MiB, one line
        (folder / "huge.txt").write_text(f"Huge one line\n\n{line}\n")
        for seed in sorted(seeds_dir().glob("*.txt")):
            (folder / seed.name).write_bytes(seed.read_bytes())
    return folder


def _command(target: Path, data: Path, name: str, fresh: bool = False) -> str:
    """The reader on ``target``, with its own state and a cache folder of this run's (a
    first start in a run is one: the user's cache is neither used nor filled); ``fresh``:
    a cache folder of its own, so that this start is a first start too."""
    state = data / f"typing-state-{name}"
    cache = data / (f"typing-cache-{name}" if fresh else "typing-cache")
    args = [sys.executable, "-m", "borderread", str(target), "--state-dir", str(state)]
    return shlex.join(["env", f"XDG_CACHE_HOME={cache}", *args])


def _results_for(typed: str) -> Callable[[str], bool]:
    def ready(screen: str) -> bool:  # the summary names the query its results are for
        return f"▊  {typed} " in screen and f"for “{typed}”" in screen

    return ready


def _count_for(typed: str) -> Callable[[str], bool]:
    def ready(screen: str) -> bool:  # the status line names the query its count is for
        lines = screen.splitlines()
        return any(f"/{typed} " in line for line in lines) and any(
            f"“{typed}” " in line and _COUNT.search(line) for line in lines
        )

    return ready


def _prompt_open(screen: str) -> bool:
    """The find bar shows ``/`` then its placeholder (the key bar's ``/ Search`` does not count)."""
    lines = (line.lstrip("▕ ") for line in screen.splitlines())
    return any(line.startswith("/") and line[1:2] not in ("", " ") for line in lines)


def _type_word(
    session: Session, word: str, ready_for: Callable[[str], Callable[[str], bool]]
) -> list[float]:
    return [session.key(word[end - 1], ready_for(word[:end])) for end in range(1, len(word) + 1)]


def _collection(
    target: Path, data: Path, name: str, settle: float = 0.0, loaded: int = 0, fresh: bool = False
) -> list[float]:
    """The keys typed ``settle`` seconds after the first screen; with ``loaded``, once
    that many articles are listed and searchable; ``fresh``: on a first start of its own."""
    session = Session(_command(target, data, name, fresh))
    try:
        session.wait(lambda s: "articles" in s and "Search all" in s)
        if loaded:
            session.wait(_all_listed(loaded), timeout=LOAD_TIMEOUT)
        time.sleep(settle)  # the collection's index loaded or built in the background
        session.key("s", lambda s: "▊" in s)
        times = []
        for word in WORDS:
            times += _type_word(session, word, _results_for)
            session.key("C-u", lambda s: "for “" not in s)  # cleared: no results
            time.sleep(0.3)
        return times
    finally:
        session.close()


def _all_listed(count: int) -> Callable[[str], bool]:
    """The sidebar's status names every article, with no "Loading" and no "indexing"."""
    status = re.compile(rf"\b{count:,} articles\b(?! · indexing)")
    return lambda screen: bool(status.search(screen)) and "Loading" not in screen


def _first_load(target: Path, data: Path, name: str, count: int) -> None:
    """A first start left to clean and index the whole collection (not timed here: see
    ``bench.collection``), so the next start is a restart."""
    session = Session(_command(target, data, name))
    try:
        session.wait(_all_listed(count), timeout=LOAD_TIMEOUT)
    finally:
        session.close()


def _in_article(target: Path, data: Path, name: str, settle: float = 0.0) -> list[float]:
    session = Session(_command(target, data, name))
    try:
        session.wait(lambda s: "Search all" in s)
        time.sleep(settle)  # a reader who opens the article and then searches it
        times = []
        for word in WORDS:
            session.key("/", _prompt_open)
            times += _type_word(session, word, _count_for)
            session.key("Escape", lambda s: not _prompt_open(s))
            time.sleep(0.3)
        return times
    finally:
        session.close()


def _changes(session: Session, keys: list[str]) -> list[float]:
    """Each key sent alone, timed until the screen differs from before it."""
    times = []
    for key in keys:
        before = session.screen()

        def changed(screen: str, before: str = before) -> bool:
            return screen != before

        times.append(session.key(key, changed))
        time.sleep(0.05)
    return times


PAGING = (["NPage"] * 5 + ["PPage"] * 5) * 2  # a seed: ~7 pages


def _keys_in(
    command: str, ready: Callable[[str], bool], keys: list[str], settle: float = 0.0
) -> list[float]:
    """Start ``command`` in tmux, wait until ``ready``, then time each key until the
    screen changes."""
    session = Session(command)
    try:
        session.wait(ready)
        time.sleep(settle)
        return _changes(session, keys)
    finally:
        session.close()


def _minimal_key() -> list[float]:
    minimal = Path(__file__).with_name("minimal_app.py")
    command = shlex.join([sys.executable, str(minimal)])
    return _keys_in(command, lambda s: "minimal app ready" in s, ["n"] * 20)


def _minimal_pager(article: Path) -> list[float]:
    pager = Path(__file__).with_name("minimal_pager.py")
    command = shlex.join([sys.executable, str(pager), str(article)])
    return _keys_in(command, lambda s: len(s.split()) > 20, PAGING)


def _page_down(target: Path, data: Path, name: str, settle: float = 0.0) -> list[float]:
    command = _command(target, data, name)
    return _keys_in(command, lambda s: "Search all" in s, PAGING, settle)


def _ten_mb(data: Path) -> Path:
    folder = data / "ten-mb"
    if not folder.exists():
        generate_collection(folder, 2_000, 5_000, seed=10)
    return folder


HUNDRED_MB_COUNT = 20_000
LOAD_TIMEOUT = 300.0
"""Seconds a first start of the 100 MB collection may take to load (~45 s here)."""


def _hundred_mb(data: Path) -> Path:
    folder = data / "hundred-mb"
    if not (folder / "part19" / "article19999.txt").exists():
        generate_collection(folder, HUNDRED_MB_COUNT, 5_000, seed=100)
    return folder


def _hundred_mb_restart(data: Path) -> list[float]:
    """Keys typed into the collection search at 100 MB, on a restart once it is loaded."""
    folder = _hundred_mb(data)
    _first_load(folder, data, "c-100mb", HUNDRED_MB_COUNT)
    return _collection(folder, data, "c-100mb", 1.0, loaded=HUNDRED_MB_COUNT)


def _five_mb(data: Path) -> Path:
    path = data / "five-mb" / "big.txt"
    if not path.exists():
        path.parent.mkdir(parents=True)
        generate_article(path, 5_000_000, seed=3)
    return path


def run(data: Path) -> list[tuple[str, list[float]]]:
    huge = _huge_folder(data)
    seeds = seeds_dir()
    big = _five_mb(data)
    ten = _ten_mb(data)
    first_seed = sorted(seeds.glob("*.txt"))[0]
    return [
        ("a key in a minimal Textual app (anchor)", _minimal_key()),
        (PAGER, _minimal_pager(first_seed)),
        ("page-down, a seed article", _page_down(first_seed, data, "p-seed")),
        ("page-down, a 5 MB article (open 2 s first)", _page_down(big, data, "p-5mb", 2.0)),
        ("collection search, seeds (anchor)", _collection(seeds, data, "c-seeds")),
        ("collection search, with a 2 MiB one-line article", _collection(huge, data, "c-huge")),
        (
            "collection search, 10 MB, first start (typed 2 s in, as it loads)",
            _collection(ten, data, "c-10mb-early", 2.0, fresh=True),
        ),
        (
            "collection search, 10 MB, first start (typed 5 s in, as it loads)",
            _collection(ten, data, "c-10mb", 5.0),
        ),
        (
            "collection search, 10 MB, a restart (typed 5 s in)",
            _collection(ten, data, "c-10mb", 5.0),
        ),
        (
            "collection search, 100 MB, a restart (typed once it is loaded)",
            _hundred_mb_restart(data),
        ),
        ("in-article search, seed article (anchor)", _in_article(seeds, data, "a-seeds")),
        (
            "in-article search, the 2 MiB one-line article",
            _in_article(huge / "huge.txt", data, "a-huge"),
        ),
        (
            "in-article search, a 5 MB article (open 2 s first)",
            _in_article(big, data, "a-5mb", settle=2.0),
        ),
    ]


PAGER = "page-down in a minimal Textual pager (a second anchor, for page-down)"


def table(rows: list[tuple[str, list[float]]]) -> str:
    lines = [
        "| key (a search: 4 words, 26 keys) | p50 (ms) | p95 (ms) | max (ms) | × anchor (p50) "
        "| × minimal pager (p50) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    anchor = 1.0
    pager = next((statistics.median(t) * 1000 for name, t in rows if name == PAGER), None)
    for name, times in rows:
        p50 = statistics.median(times) * 1000
        if "anchor" in name and name != PAGER:
            anchor = p50
        ordered = sorted(times)
        p95 = ordered[int(0.95 * (len(ordered) - 1))] * 1000
        paged = f"{p50 / pager:.1f}" if pager and name.startswith("page-down,") else ""
        lines.append(
            f"| {name} | {p50:.0f} | {p95:.0f} | {ordered[-1] * 1000:.0f} | {p50 / anchor:.1f} "
            f"| {paged} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    import tempfile

    print(table(run(Path(tempfile.mkdtemp(prefix="borderread-bench-")))))
