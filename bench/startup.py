"""Start-up: launch to first painted screen (sidebar + open article), in a real tmux;
"complete" scenarios wait until every title is listed as well (issue #14, part 4).

Every scenario runs side by side with a minimal Textual app (one Static) in the same run;
the table gives medians, the ratio to the minimal app and the peak memory. A "first start"
runs with an empty cache folder every time; the others start again after a first run that
stayed open for a few seconds (as a reader who quits and comes back).
"""

from __future__ import annotations

import compileall
import shlex
import statistics
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.generate import generate_article, generate_collection
from bench.pdf_pages import write_pdf
from bench.tmux_timing import Run, time_to_screen
from bench.web_extraction import CORPUS

HERE = Path(__file__).resolve().parent
TARGETS = {
    "seeds, first start": 1.3,
    "seeds": 1.3,
    "seeds complete, first start": 1.3,
    "seeds complete": 1.2,
    "1 MB article, first start": 1.5,
    "1 MB article": 1.5,
    "10,000 articles": 2.0,
}
WARM_UP_SECONDS = 3.0
REPEATS = 9


@dataclass
class Scenario:
    name: str
    command: str
    ready: Callable[[str], bool]
    cache: Path | None = None
    """The reader's cache folder; None for programs other than borderread."""
    first_start: bool = False
    """Start every run with an empty cache folder (as on the very first start)."""

    def command_for(self, run: int) -> str:
        """The shell command of one run, with its own cache folder if a first start."""
        if self.cache is None:
            return self.command
        cache = self.cache / f"run{run}" if self.first_start else self.cache
        return f"XDG_CACHE_HOME={shlex.quote(str(cache))} {self.command}"


def reader_command() -> str:
    """How a user starts the reader: the ``borderread`` command pip installed next to this
    Python (``python -m borderread`` imports runpy and importlib.util first, ~1 ms the
    command does not pay), run by this Python as the minimal app is; ``-m`` without it."""
    script = Path(sys.executable).with_name("borderread")
    if script.is_file():
        return f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"
    return f"{shlex.quote(sys.executable)} -m borderread"


def _reader(paths: list[Path], state: Path) -> str:
    """The reader on ``paths`` with its own state folder, given as users' own start is:
    PATHs alone (the folder through the environment, not ``--state-dir``, an option that
    would have the command build its argument parser, which a bare start does not)."""
    args = " ".join(shlex.quote(str(p)) for p in paths)
    return f"BORDERREAD_STATE_DIR={shlex.quote(str(state))} {reader_command()} {args}"


def _app_ready(screen: str) -> bool:
    """The sidebar is there (count or loading line) and an article is open (its byline)."""
    return ("article" in screen or "Loading" in screen) and "min read" in screen


def _complete(count: str) -> Callable[[str], bool]:
    """The article is open and every title is listed (``5 articles``, no ``Loading``)."""

    def ready(screen: str) -> bool:
        return f"{count} articles" in screen and "Loading" not in screen and "min read" in screen

    return ready


def _reader_scenario(
    name: str,
    paths: list[Path],
    data: Path,
    first_start: bool = False,
    ready: Callable[[str], bool] = _app_ready,
) -> Scenario:
    folder = data / "startup" / name.replace(" ", "-").replace(",", "")
    return Scenario(
        name,
        _reader(paths, folder / "state"),
        ready,
        cache=folder / "cache",
        first_start=first_start,
    )


def _saved_page(folder: Path) -> Path:
    """The first page of the web-article set (#13), or the test fixture without it."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "page.html"
    if not target.exists():
        pages = sorted((CORPUS / "html").glob("*.html.gz"))
        source = pages[0] if pages else HERE.parent / "tests" / "fixtures" / "saved_page.html"
        target = folder / ("page.html.gz" if source.suffix == ".gz" else "page.html")
        target.write_bytes(source.read_bytes())
    return target


def scenarios(data: Path) -> list[Scenario]:
    one_mb = generate_article(data / "1mb" / "one-megabyte.txt", 1_000_000)
    five_mb = generate_article(data / "5mb" / "five-megabytes.txt", 5_000_000)
    line = generate_article(data / "line" / "two-megabyte-line.txt", 2_000_000, one_line=True)
    many = data / "10k"
    if not (many / "part09" / "article09999.txt").exists():
        generate_collection(many, 10_000, 2_000)
    first_word = one_mb.read_text(encoding="utf-8").split()[0]
    page = _saved_page(data / "page")
    pdf = data / "pdf" / "hundred-pages.pdf"
    if not pdf.exists():
        pdf.parent.mkdir(parents=True, exist_ok=True)
        write_pdf(pdf)
    return [
        Scenario(
            "minimal Textual app",
            f"{shlex.quote(sys.executable)} {HERE / 'minimal_app.py'}",
            lambda s: "minimal app ready" in s,
        ),
        _reader_scenario("seeds, first start", [], data, first_start=True),
        _reader_scenario("seeds", [], data),
        _reader_scenario(
            "seeds complete, first start", [], data, first_start=True, ready=_complete("5")
        ),
        _reader_scenario("seeds complete", [], data, ready=_complete("5")),
        _reader_scenario("1 MB article, first start", [one_mb.parent], data, first_start=True),
        _reader_scenario("1 MB article", [one_mb.parent], data),
        _reader_scenario("5 MB article", [five_mb.parent], data),
        _reader_scenario("2 MB single line", [line.parent], data),
        _reader_scenario("10,000 articles", [many], data),
        _reader_scenario("saved web page, first start", [page.parent], data, first_start=True),
        _reader_scenario("saved web page", [page.parent], data),
        _reader_scenario("100-page PDF, first start", [pdf.parent], data, first_start=True),
        _reader_scenario("100-page PDF", [pdf.parent], data),
        Scenario(
            "less (1 MB file)",
            f"less {shlex.quote(str(one_mb))}",
            lambda s: s.lstrip().startswith(first_word),
        ),
    ]


def compile_bytecode() -> None:
    """Compile borderread's modules, as ``pip install .`` does at install time.

    Textual's modules in site-packages were compiled by pip; an editable install run with
    PYTHONDONTWRITEBYTECODE set (as on this machine) would otherwise recompile every one
    of borderread's modules at every launch, and the ratios would measure the compiler.
    """
    import borderread

    compileall.compile_dir(Path(borderread.__file__).parent, quiet=1)


@dataclass
class Row:
    """One scenario's figures over all its runs."""

    name: str
    median: float
    ratio: float
    """Median over the minimal app's median."""
    fastest_ratio: float
    """Fastest run over the minimal app's fastest run (less sensitive to a noisy machine)."""
    fastest: float
    slowest: float
    peak_mib: float
    paired_ratio: float
    """Median over the rounds of this run's time over the minimal app's in the same round
    (a load that drifts between rounds moves both)."""


def run(repeats: int = REPEATS, data: Path | None = None) -> list[Row]:
    """One row per scenario, the minimal Textual app first.

    Scenarios are interleaved (one round of all, ``repeats`` times) so that a noisy moment
    on a shared machine hits them alike.
    """
    folder = data or Path(tempfile.mkdtemp(prefix="borderread-bench-"))
    compile_bytecode()
    cases = scenarios(folder)
    for case in cases:
        if case.cache is not None and not case.first_start:
            # A first run left open for a while, as a reader would: what the next start
            # finds in the cache folder (the open article's reader-mode result).
            time_to_screen(case.command_for(0), case.ready, settle=WARM_UP_SECONDS)
    runs: dict[str, list[Run]] = {case.name: [] for case in cases}
    for run in range(repeats):
        for case in cases:
            runs[case.name].append(time_to_screen(case.command_for(run), case.ready))
    baseline = statistics.median(r.seconds for r in runs[cases[0].name])
    fastest_baseline = min(r.seconds for r in runs[cases[0].name])
    rows = []
    for case in cases:
        seconds = [r.seconds for r in runs[case.name]]
        median, fastest = statistics.median(seconds), min(seconds)
        minimal = [r.seconds for r in runs[cases[0].name]]
        pairs = zip(seconds, minimal, strict=True)
        paired = statistics.median(mine / theirs for mine, theirs in pairs)
        rows.append(
            Row(
                case.name,
                median,
                median / baseline,
                fastest / fastest_baseline,
                fastest,
                max(seconds),
                max(r.peak_mib for r in runs[case.name]),
                paired,
            )
        )
    return rows


def table(rows: list[Row]) -> str:
    lines = [
        "| scenario | first paint (s, median) | fastest – slowest (s) | × minimal app "
        "| × minimal, fastest runs | × minimal, same round (median) | target | peak MiB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        target = f"≤ {TARGETS[row.name]}×" if row.name in TARGETS else ""
        lines.append(
            f"| {row.name} | {row.median:.3f} | {row.fastest:.3f} – {row.slowest:.3f} "
            f"| {row.ratio:.2f} | {row.fastest_ratio:.2f} | {row.paired_ratio:.2f} | {target} "
            f"| {row.peak_mib:.0f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(run()))
