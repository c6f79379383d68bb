"""The bookmarks store: durability, concurrency, corruption, re-anchoring, CLI."""

from __future__ import annotations

import errno
import functools
import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from borderread.data.anchoring import anchor_for, locate_all, make_bookmark
from borderread.data.bookmarks import (
    SCHEMA_VERSION,
    BookmarkStore,
    EncodedLines,
    parse_file,
    to_json,
)
from borderread.data.corpus import load_corpus
from borderread.data.models import Article
from borderread.data.text import scrub
from tests.conftest import REPO, SEEDS


@functools.cache
def _seed_articles() -> list[Article]:
    return load_corpus([SEEDS]).articles


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return _seed_articles()


def add_one(store: BookmarkStore, article: Article, paragraph: int = 0, note: str = "") -> str:
    bookmark = make_bookmark(article, anchor_for(article, paragraph), note, set(store.bookmarks))
    assert store.add(bookmark) is None
    return bookmark.id


def test_round_trip_and_schema(tmp_path: Path, articles: list[Article]) -> None:
    path = tmp_path / "bookmarks.json"
    store = BookmarkStore(path)
    assert store.load() == [] and store.bookmarks == {}
    first = add_one(store, articles[3], 8, "null effect")
    second = add_one(store, articles[0], 2)
    assert store.set_note(second, "the Darién Gap") is None
    reopened = BookmarkStore(path)
    assert reopened.load() == []
    assert reopened.bookmarks == store.bookmarks
    data = json.loads(path.read_text())
    assert data["version"] == SCHEMA_VERSION
    entry = data["bookmarks"][0]
    assert set(entry) == {"id", "article", "anchor", "note", "created", "updated"}
    assert set(entry["article"]) == {"id", "title", "fingerprint", "path", "sketch"}
    assert entry["article"]["path"] in {str(articles[i].path.absolute()) for i in (0, 3)}
    assert set(entry["anchor"]) == {"exact", "prefix", "suffix", "paragraph", "offset"}
    assert entry["created"].endswith("Z")
    lines = path.read_text().splitlines()
    assert lines[0] == "{" and lines[1] == '  "bookmarks": [' and lines[-1] == "}"
    assert [json.loads(line.strip().rstrip(",")) for line in lines[2:4]] == data["bookmarks"]
    assert path.read_text() == to_json(reopened.bookmarks)  # stable: same data, same text
    assert reopened.remove(first) is None
    final = BookmarkStore(path)
    final.load()
    assert list(final.bookmarks) == [second]


_TRICKY_TEXT = st.text(max_size=40) | st.sampled_from(
    ["}, {", "},\x00{", "\x00", '"},\n    {"', "\u202e\x1b[31m", "\ud800", "\x7f"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_TRICKY_TEXT, _TRICKY_TEXT), min_size=1, max_size=6))
def test_the_file_text_keeps_every_field_and_one_bookmark_a_line(
    fields: list[tuple[str, str]],
) -> None:
    articles = _seed_articles()
    bookmarks, expected = {}, {}
    for n, (note, exact) in enumerate(fields):
        made = make_bookmark(articles[n % 5], anchor_for(articles[n % 5], 0), note, set())
        made = replace(made, id=f"id{n}", anchor=replace(made.anchor, exact=exact))
        bookmarks[made.id] = replace(made, note=note, article_title=exact + note)
        expected[made.id] = replace(
            made,
            note=scrub(note),
            article_title=scrub(exact + note) or made.article_id,
            anchor=replace(made.anchor, exact=scrub(exact)),
        )
    text = to_json(bookmarks)
    encoded: EncodedLines = {}  # lines kept from an earlier save, one of them since edited
    first = next(iter(bookmarks.values()))
    to_json({**bookmarks, first.id: replace(first, note=first.note + "was")}, encoded)
    assert to_json(bookmarks, encoded) == text
    assert not any(c in text for c in "\x00\x7f\u202e\ud800")  # written as escapes
    parsed = parse_file(text.encode("utf-8"))
    assert parsed.problem is None and parsed.bookmarks == expected
    lines = text.splitlines()
    assert len(lines) == len(bookmarks) + 5  # {, "bookmarks": [, one a line, ], version, }
    assert [json.loads(line.strip().rstrip(","))["id"] for line in lines[2:-3]] == list(bookmarks)


@settings(max_examples=300)
@given(st.binary(max_size=3000))
def test_parsing_any_bytes_never_raises(data: bytes) -> None:
    parsed = parse_file(data)
    assert isinstance(parsed.bookmarks, dict)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2000) | st.text(max_size=2000).map(str.encode))
def test_loading_any_file_never_raises(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    folder = tmp_path_factory.mktemp("any")
    (folder / "bookmarks.json").write_bytes(data)
    store = BookmarkStore(folder / "bookmarks.json")
    notices = store.load()
    assert isinstance(notices, list)


@pytest.mark.parametrize(
    "content",
    [
        b'{"version": 1, "bookmarks": [{"id": "a"',
        b"not json at all",
        b"[1, 2, 3]",
        b"[" * 100_000 + b"]" * 100_000,
        b'{"version": 1, "bookmarks": 7}',
    ],
    ids=["truncated", "garbage", "wrong-shape", "deep-nesting", "bookmarks-not-a-list"],
)
def test_a_corrupt_file_is_set_aside_with_a_notice(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bookmarks.json"
    path.write_bytes(content)
    store = BookmarkStore(path)
    notices = store.load()
    assert len(notices) == 1 and "moved it to" in notices[0]
    aside = list(tmp_path.glob("bookmarks.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == content
    assert aside[0].name in notices[0]


def test_what_can_be_recovered_is_kept(tmp_path: Path, articles: list[Article]) -> None:
    path = tmp_path / "bookmarks.json"
    store = BookmarkStore(path)
    store.load()
    keep = add_one(store, articles[1], 3, "keep me")
    data = json.loads(path.read_text())
    data["bookmarks"].append({"id": 5, "anchor": "nonsense"})
    path.write_text(json.dumps(data))
    again = BookmarkStore(path)
    notices = again.load()
    assert "wrong shape" in notices[0]
    assert list(again.bookmarks) == [keep]
    recovered = BookmarkStore(path)  # the file now holds what was recovered
    assert recovered.load() == [] and list(recovered.bookmarks) == [keep]


def test_a_newer_file_is_read_but_never_written(tmp_path: Path, articles: list[Article]) -> None:
    path = tmp_path / "bookmarks.json"
    store = BookmarkStore(path)
    store.load()
    add_one(store, articles[0])
    data = json.loads(path.read_text())
    data["version"] = SCHEMA_VERSION + 1
    data["future_field"] = {"keep": True}
    path.write_text(json.dumps(data))
    before = path.read_bytes()
    newer = BookmarkStore(path)
    notices = newer.load()
    assert newer.read_only and "newer borderread" in notices[0]
    assert len(newer.bookmarks) == 1
    bookmark = make_bookmark(articles[1], anchor_for(articles[1], 0), "", set())
    error = newer.add(bookmark)
    assert error and "newer" in error
    assert path.read_bytes() == before
    assert bookmark.id in newer.bookmarks  # kept in memory


@pytest.mark.parametrize(
    ("target", "code"),
    [
        ("fsync", errno.ENOSPC),
        ("fsync", errno.EIO),
        ("replace", errno.EIO),
        ("mkstemp", errno.EACCES),
    ],
)
def test_a_failed_write_leaves_the_old_file_and_retries(
    tmp_path: Path,
    articles: list[Article],
    monkeypatch: pytest.MonkeyPatch,
    target: str,
    code: int,
) -> None:
    path = tmp_path / "bookmarks.json"
    store = BookmarkStore(path)
    store.load()
    first = add_one(store, articles[0])
    before = path.read_bytes()

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    owner = "tempfile" if target == "mkstemp" else "os"
    with monkeypatch.context() as patch:
        patch.setattr(f"borderread.data.atomic.{owner}.{target}", fail)
        second = make_bookmark(articles[1], anchor_for(articles[1], 0), "", set(store.bookmarks))
        error = store.add(second)
    assert error and os.strerror(code) in error and store.pending
    assert path.read_bytes() == before  # the old file is intact
    assert list(tmp_path.glob(".bookmarks.json.*.tmp")) == []  # no temp file left behind
    assert store.pending and second.id in store.bookmarks
    third = add_one(store, articles[2])  # the next change retries the failed one too
    saved = BookmarkStore(path)
    saved.load()
    assert set(saved.bookmarks) == {first, second.id, third}


WRITER = """
import sys
from pathlib import Path
from borderread.data.anchoring import anchor_for, make_bookmark
from borderread.data.bookmarks import BookmarkStore
from borderread.data.corpus import load_corpus
article = load_corpus([Path(sys.argv[2])]).articles[0]
store = BookmarkStore(Path(sys.argv[1]))
store.load()
for n in range(int(sys.argv[3])):
    bookmark = make_bookmark(article, anchor_for(article, n % len(article.body)),
                             f"{sys.argv[4]} {n}", set(store.bookmarks))
    error = store.add(bookmark)
    assert error is None, error
    if sys.argv[4] == "loop":
        print(len(store.bookmarks), flush=True)
"""


def test_killed_mid_save_the_file_is_always_whole(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.json"
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    rng = random.Random(7)
    last_count = 0
    for _ in range(25):
        child = subprocess.Popen(
            [sys.executable, str(script), str(path), str(SEEDS), "100000", "loop"],
            stdout=subprocess.PIPE,
            cwd=REPO,
        )
        time.sleep(0.25 + rng.random() * 0.3)
        child.send_signal(signal.SIGKILL)
        child.wait()
        if not path.exists():
            continue
        parsed = parse_file(path.read_bytes())
        assert parsed.problem is None  # always parses: the old state or the new one
        assert len(parsed.bookmarks) >= last_count  # nothing saved was ever lost
        last_count = len(parsed.bookmarks)
    assert last_count > 0


def test_two_copies_adding_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.json"
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    children = [
        subprocess.Popen(
            [sys.executable, str(script), str(path), str(SEEDS), "200", name], cwd=REPO
        )
        for name in ("one", "two")
    ]
    for child in children:
        assert child.wait(timeout=300) == 0
    store = BookmarkStore(path)
    assert store.load() == []
    notes = sorted(b.note for b in store.bookmarks.values())
    assert len(notes) == 400
    assert notes == sorted([f"one {n}" for n in range(200)] + [f"two {n}" for n in range(200)])


def test_removals_by_another_copy_are_kept(tmp_path: Path, articles: list[Article]) -> None:
    path = tmp_path / "bookmarks.json"
    mine, theirs = BookmarkStore(path), BookmarkStore(path)
    mine.load()
    shared = add_one(mine, articles[0])
    theirs.load()
    assert theirs.remove(shared) is None
    add_one(mine, articles[1])  # my next save must not bring the removed one back
    final = BookmarkStore(path)
    final.load()
    assert shared not in final.bookmarks and len(final.bookmarks) == 1


def _copy_seed(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_edited_then_renamed_articles_relocate_and_a_different_one_orphans(
    tmp_path: Path,
) -> None:
    original = (SEEDS / "003_cbc59564459f8a6a.txt").read_text(encoding="utf-8")
    folder = tmp_path / "articles"
    _copy_seed(folder, "pdf.txt", original)
    article = load_corpus([folder]).articles[0]
    bookmark = make_bookmark(article, anchor_for(article, 8, 400, 445), "", set())
    assert locate_all([bookmark], [article])[0].status == "exact"

    edited = original.replace("Juchitán, third-", "Juchitán (Oaxaca), third-").replace(
        "“null effect” on", "“null effect” upon"
    )
    _copy_seed(folder, "pdf.txt", "New intro paragraph that was added later on.\n\n" + edited)
    moved = locate_all([bookmark], load_corpus([folder]).articles)[0]
    assert moved.status == "relocated" and moved.score >= 80
    text = load_corpus([folder]).articles[0].body[moved.paragraph].text
    assert "null effect” upon disincentivizing" in text[moved.start - 5 : moved.end + 5]

    (folder / "pdf.txt").rename(folder / "renamed.txt")  # edited *and* renamed
    found = locate_all([bookmark], load_corpus([folder]).articles)[0]
    assert found.status == "relocated" and found.article_id == "renamed.txt"

    other = (SEEDS / "001_256f042c0728b39f.txt").read_text(encoding="utf-8")
    (folder / "renamed.txt").write_text(other, encoding="utf-8")  # a different article
    gone = locate_all([bookmark], load_corpus([folder]).articles)[0]
    assert gone.status == "orphaned" and gone.bookmark == bookmark  # kept, never dropped


def test_a_renamed_but_unchanged_article_is_found_by_fingerprint(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    _copy_seed(folder, "a.txt", (SEEDS / "002_b709267a969255ed.txt").read_text(encoding="utf-8"))
    article = load_corpus([folder]).articles[0]
    bookmark = make_bookmark(article, anchor_for(article, 3), "", set())
    (folder / "a.txt").rename(folder / "b.txt")
    found = locate_all([bookmark], load_corpus([folder]).articles)[0]
    assert (found.status, found.article_id, found.paragraph) == ("exact", "b.txt", 3)


def cli(*args: str, bookmarks: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, BORDERREAD_BOOKMARKS=str(bookmarks))
    return subprocess.run(
        [sys.executable, "-m", "borderread", "bookmarks", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=60,
    )


def test_cli_add_list_export_remove(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    first = cli("add", "003", "--paragraph", "9", "--note", "null effect", bookmarks=path)
    assert first.returncode == 0, first.stderr
    new_id = first.stdout.strip()
    second = cli("add", "000", "--quote", "Darien Gap", bookmarks=path)  # accents forgiven
    assert second.returncode == 0
    listed = {row["id"]: row for row in json.loads(cli("list", "--json", bookmarks=path).stdout)}
    assert listed[second.stdout.strip()]["quote"] == "Darién Gap"
    assert listed[second.stdout.strip()]["status"] == "exact"
    assert listed[new_id]["note"] == "null effect" and listed[new_id]["paragraph"] == 8
    markdown = cli("export", bookmarks=path).stdout
    assert markdown.startswith("# Bookmarks")
    quotes = [line for line in markdown.splitlines() if line.startswith("> ")]
    darien = [line for line in quotes if "Darién Gap" in line]
    assert "## As AMLO cracks down" in markdown and darien  # quoted in its whole sentence
    assert darien[0].rstrip(" …").endswith((".", "!", "?", "”"))
    assert "null effect" in markdown
    assert cli("remove", new_id, bookmarks=path).returncode == 0
    assert len(json.loads(cli("export", "--format", "json", bookmarks=path).stdout)) == 1
    other = tmp_path / "other.json"  # --bookmarks beats the environment
    env_run = subprocess.run(
        [
            sys.executable,
            "-m",
            "borderread",
            "bookmarks",
            "list",
            "--json",
            "--bookmarks",
            str(other),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        env=dict(os.environ, BORDERREAD_BOOKMARKS=str(path)),
    )
    assert json.loads(env_run.stdout) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("remove", "nope"), "no bookmark with id nope"),
        (("add", "zzz", "--paragraph", "1"), "no article matches"),
        (("add", "003", "--paragraph", "999"), "has paragraphs 1 to"),
        (("add", "003", "--paragraph", "0"), "has paragraphs 1 to"),
        (("add", "003", "--quote", "qqqq zzzz xxxx"), "quote was not found"),
    ],
)
def test_cli_errors(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    result = cli(*args, bookmarks=tmp_path / "b.json")
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_reading_a_store_that_does_not_exist_yet_creates_nothing(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    store = BookmarkStore(tmp_path / "data" / "bookmarks.json")
    assert store.load() == []
    assert store.bookmarks == {}
    assert list((tmp_path / "data").iterdir()) == []  # not even a lock file


def test_bookmarks_in_a_table_cell_and_a_list_item_are_found_again(tmp_path: Path) -> None:
    """Structured blocks (#12) are paragraphs like any other for bookmarks."""
    fixture = tmp_path / "doc.md"
    fixture.write_text((REPO / "tests" / "fixtures" / "every_construct.md").read_text())
    path = tmp_path / "b.json"
    for quote in ("a styled cell", "on Windows with the file manager"):
        added = cli("add", str(fixture), "--quote", quote, bookmarks=path)
        assert added.returncode == 0, added.stderr
    # An edit above them shifts every line: the bookmarks follow their text.
    fixture.write_text("# New first heading\n\nA new paragraph.\n\n" + fixture.read_text())
    rows = json.loads(cli("list", "--json", str(fixture), bookmarks=path).stdout)
    assert {row["status"] for row in rows} == {"relocated"}  # moved, and found
    body = load_corpus([fixture]).articles[0].body
    assert {body[row["paragraph"]].kind for row in rows} == {"table", "list_item"}
    assert all(row["quote"] in body[row["paragraph"]].text for row in rows)
