"""The data layer stays pure: importing it must not pull in Textual or rich."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import SEEDS


def _printed_by(code: str) -> str:
    """What ``code`` prints on standard output, run in a fresh interpreter."""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return result.stdout


def _imported_by(code: str, modules: tuple[str, ...]) -> list[str]:
    """Which of ``modules`` are imported once ``code`` has run in a fresh interpreter."""
    check = f"import sys; {code}; print(','.join(m for m in {modules!r} if m in sys.modules))"
    return [name for name in _printed_by(check).strip().split(",") if name]


def test_data_layer_imports_neither_textual_nor_rich() -> None:
    code = (
        "import sys, borderread.data.corpus, borderread.data.clean, borderread.render_text;"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'));"
        "print(','.join(bad))"
    )
    assert _printed_by(code).strip() == ""


def test_cli_list_does_not_import_textual() -> None:
    code = (
        "import sys; from borderread.cli import main; main(['list']);"
        "print('TEXTUAL' if 'textual' in sys.modules else 'CLEAN', file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stderr.strip().endswith("CLEAN")


def test_the_reader_app_defers_what_the_first_screen_does_not_need() -> None:
    """Start-up speed: search, bookmarks, file locking, fuzzy matching and the saving
    thread's pool load later."""
    deferred = (
        "borderread.data.search",
        "borderread.data.query",
        "borderread.data.bookmarks",
        "borderread.data.anchoring",
        "filelock",
        "rapidfuzz",
        "concurrent.futures.thread",
    )
    assert _imported_by("import borderread.ui.app", deferred) == []


def test_importing_the_app_compiles_no_class_of_marks() -> None:
    """Start-up speed: the classes of combining marks (~1.6 ms to compile) are for the
    search index, built after the first frame; importing the app must not compile them."""
    code = (
        "import re, borderread.ui.app;"
        "from borderread.data import fold, marks;"
        "print(sum(isinstance(v, re.Pattern) and marks.MARK_CLASS_BMP in v.pattern"
        " for m in (fold, borderread.ui.app) for v in vars(m).values()),"
        " fold._mark_patterns.cache_info().currsize)"
    )
    assert _printed_by(code).split() == ["0", "0"]


def test_the_reader_started_on_paths_builds_no_argument_parser() -> None:
    """Start-up speed: argparse and gettext (~2.5 ms with the parser) are for options."""
    code = "from borderread import cli; cli.reader_args(['seeds', '-']); import borderread.ui.app"
    assert _imported_by(code, ("argparse", "gettext")) == []


def test_importing_the_app_builds_no_table_of_unsafe_characters() -> None:
    """Start-up speed: the escaping tables and their big classes (~1.8 ms) are made when
    text first needs them, not on import."""
    code = (
        "import borderread.ui.app; from borderread.data import jsonfile, text;"
        "print(text._replacing.cache_info().currsize, jsonfile._unsafe.cache_info().currsize)"
    )
    assert _printed_by(code).split() == ["0", "0"]


def test_cleaning_plain_text_leaves_the_extractors_unimported() -> None:
    """Plain text (the seeds a first start's child cleans) does not need the PDF reader,
    though the cleaner looks for its marker in every text."""
    code = (
        "from pathlib import Path; from borderread.data.clean import read_article;"
        f"read_article(Path({str(SEEDS / '002_b709267a969255ed.txt')!r}).read_text(), 'x')"
    )
    assert _imported_by(code, ("borderread.data.pdf", "statistics")) == []
