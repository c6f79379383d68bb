"""Any file name, any fault: nothing crashes, hangs, or loses what the user saved (issue #9).

Each test here failed before the mechanism it names was fixed: one encoding policy (text
from outside is scrubbed, paths keep their bytes, JSON output escapes what is unsafe), one
safe open (regular files only, never blocking, capped), one versioned-JSON policy.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from borderread.data import jsonfile
from borderread.data.anchoring import anchor_for, locate_all, make_bookmark
from borderread.data.bookmarks import MAX_NOTE_CHARS, BookmarkStore
from borderread.data.corpus import discover, first_source, load_corpus
from borderread.data.state import Position, ReaderState, StateStore
from borderread.data.text import scrub, visible
from tests.conftest import REPO, SEEDS

LATIN1_NAME = os.fsdecode(b"caf\xe9.txt")
"""A file name that is not valid UTF-8: Python holds the byte as the surrogate ``\\udce9``."""


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "borderread", *args],
        capture_output=True,
        cwd=REPO,
        timeout=60,
        env=env,
    )


@pytest.fixture
def latin1_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / LATIN1_NAME).write_text(
        "A title\n\nA paragraph about the border, long enough to be read as one.\n"
    )
    return folder


# One encoding policy


def test_a_file_name_that_is_not_utf8_can_be_bookmarked_and_kept_exactly(
    latin1_folder: Path, tmp_path: Path
) -> None:
    bookmarks = tmp_path / "bookmarks.json"
    added = run_cli(
        "bookmarks",
        "add",
        "caf",
        "--paragraph",
        "1",
        str(latin1_folder),
        "--bookmarks",
        str(bookmarks),
    )
    assert added.returncode == 0, added.stderr
    json.loads(bookmarks.read_bytes().decode("utf-8"))  # a valid UTF-8 JSON file
    store = BookmarkStore(bookmarks)
    assert store.load() == []
    (bookmark,) = store.bookmarks.values()
    assert bookmark.article_id == LATIN1_NAME  # the byte survives the round trip
    assert Path(bookmark.article_path).is_file()  # so the file can be opened again
    listed = run_cli("bookmarks", "list", "--bookmarks", str(bookmarks))
    assert listed.returncode == 0 and b"exact" in listed.stdout
    assert "caf\ufffd.txt".encode() in listed.stdout  # shown as a visible placeholder


def test_a_note_with_an_undecodable_byte_is_saved_with_a_placeholder(tmp_path: Path) -> None:
    bookmarks = tmp_path / "bookmarks.json"
    note = os.fsdecode(b"bad \x9b byte")
    result = run_cli(
        "bookmarks", "add", "000", "--paragraph", "1", "--note", note, "--bookmarks", str(bookmarks)
    )
    assert result.returncode == 0, result.stderr
    store = BookmarkStore(bookmarks)
    store.load()
    assert [b.note for b in store.bookmarks.values()] == ["bad \ufffd byte"]


def test_lone_surrogates_in_the_state_file_never_break_a_save(tmp_path: Path) -> None:
    (tmp_path / "state.json").write_text(
        '{"version": 1, "search_history": ["ok", "bad \\ud800 one"], "theme": "x\\udfff"}'
    )
    store = StateStore(tmp_path)
    state, notice = store.load()
    assert notice is None
    assert state.search_history == ["ok", "bad \ufffd one"] and state.theme == "x\ufffd"
    state.positions[LATIN1_NAME] = state.positions.get("none") or _position()
    assert store.save(state) is None
    reloaded, _ = StateStore(tmp_path).load()
    assert reloaded.search_history == state.search_history
    assert LATIN1_NAME in reloaded.positions  # a file name keeps its byte


def _position() -> Position:
    return Position(3, 5, "quote", 0.5)


def test_a_lone_surrogate_in_the_bookmarks_file_never_breaks_a_save(tmp_path: Path) -> None:
    articles = load_corpus([SEEDS]).articles
    path = tmp_path / "bookmarks.json"
    store = BookmarkStore(path)
    store.load()
    first = make_bookmark(articles[0], anchor_for(articles[0], 1), "fine", set())
    assert store.add(first) is None
    path.write_text(path.read_text().replace('"fine"', '"bad \\ud800 note"'))
    again = BookmarkStore(path)
    assert again.load() == []
    second = make_bookmark(articles[1], anchor_for(articles[1], 1), "", set(again.bookmarks))
    assert again.add(second) is None
    final = BookmarkStore(path)
    final.load()
    assert final.bookmarks[first.id].note == "bad \ufffd note" and second.id in final.bookmarks


def test_json_output_escapes_controls_and_bidi(tmp_path: Path) -> None:
    bookmarks = tmp_path / "bookmarks.json"
    note = "csi \x9b2J bidi \u202eevil\u202c zero\u200bwidth"
    added = run_cli(
        "bookmarks", "add", "000", "--paragraph", "1", "--note", note, "--bookmarks", str(bookmarks)
    )
    assert added.returncode == 0, added.stderr
    for command in (("list", "--json"), ("export", "--format", "json")):
        out = run_cli("bookmarks", *command, "--bookmarks", str(bookmarks)).stdout
        for raw in ("\x9b", "\u202e", "\u200b"):
            assert raw.encode() not in out, (command, raw)
        assert json.loads(out)[0]["note"] == note  # escaped, not lost
    assert "\x9b".encode() not in bookmarks.read_bytes()


# Notes are user data


def test_long_notes_are_never_cut_and_too_long_ones_are_refused(tmp_path: Path) -> None:
    bookmarks = tmp_path / "bookmarks.json"
    long_note = "word " * 6000  # 30,000 characters
    first = run_cli(
        "bookmarks",
        "add",
        "000",
        "--paragraph",
        "1",
        "--note",
        long_note,
        "--bookmarks",
        str(bookmarks),
    )
    assert first.returncode == 0, first.stderr
    second = run_cli("bookmarks", "add", "001", "--paragraph", "1", "--bookmarks", str(bookmarks))
    assert second.returncode == 0, second.stderr
    store = BookmarkStore(bookmarks)
    store.load()
    assert long_note in {b.note for b in store.bookmarks.values()}  # whole after another add
    too_long = run_cli(
        "bookmarks", "add", "002", "--paragraph", "1", "--note", "x" * (MAX_NOTE_CHARS + 1),
        "--bookmarks", str(bookmarks),
    )  # fmt: skip
    assert too_long.returncode == 2 and b"at most" in too_long.stderr
    store.load()
    assert len(store.bookmarks) == 2


# One versioned-JSON policy


def test_a_state_file_from_a_newer_borderread_is_never_rewritten(tmp_path: Path) -> None:
    newer = '{"version": 9, "future_field": [1, 2, 3], "measure": 90}\n'
    (tmp_path / "state.json").write_text(newer)
    store = StateStore(tmp_path)
    state, notice = store.load()
    assert notice and "newer" in notice
    state.measure = 60
    store.save(state)
    assert (tmp_path / "state.json").read_text() == newer


@pytest.mark.parametrize("name", ["state.json", "bookmarks.json"])
def test_a_symlinked_file_is_written_through_its_link(tmp_path: Path, name: str) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    target = dotfiles / name
    target.write_text('{"version": 1}\n')
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / name).symlink_to(target)
    if name == "state.json":
        store = StateStore(folder)
        state, _ = store.load()
        state.measure = 61
        assert store.save(state) is None
        assert json.loads(target.read_text())["measure"] == 61
    else:
        articles = load_corpus([SEEDS]).articles
        bookmarks = BookmarkStore(folder / name)
        bookmarks.load()
        assert (
            bookmarks.add(make_bookmark(articles[0], anchor_for(articles[0], 1), "n", set()))
            is None
        )
        assert len(json.loads(target.read_text())["bookmarks"]) == 1
    assert (folder / name).is_symlink() and (folder / name).resolve() == target


def test_saving_goes_on_without_a_lock_where_locks_do_not_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_locks(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, os.strerror(errno.ENOLCK))

    monkeypatch.setattr(fcntl, "flock", no_locks)
    articles = load_corpus([SEEDS]).articles
    store = BookmarkStore(tmp_path / "bookmarks.json")
    store.load()
    first = store.add(make_bookmark(articles[0], anchor_for(articles[0], 1), "", set()))
    assert first and "not protected" in first and not store.pending  # saved, and said once
    assert (
        store.add(make_bookmark(articles[1], anchor_for(articles[1], 1), "", set(store.bookmarks)))
        is None
    )
    assert len(json.loads((tmp_path / "bookmarks.json").read_text())["bookmarks"]) == 2


def test_a_failed_folder_sync_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_fsync = os.fsync

    def failing_for_folders(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_fsync(fd)

    monkeypatch.setattr("borderread.data.atomic.os.fsync", failing_for_folders)
    store = StateStore(tmp_path)
    state, _ = store.load()
    message = store.save(state)
    assert message and "could not be synced" in message and not store.pending
    assert (tmp_path / "state.json").exists()


# One safe open: never blocking, never unbounded


@pytest.mark.parametrize("name", ["state.json", "bookmarks.json"])
def test_a_fifo_or_a_device_instead_of_a_user_file_is_refused_at_once(
    tmp_path: Path, name: str
) -> None:
    os.mkfifo(tmp_path / name)
    (tmp_path / "zero").mkdir()
    (tmp_path / "zero" / name).symlink_to("/dev/zero")
    for folder in (tmp_path, tmp_path / "zero"):
        if name == "state.json":
            store = StateStore(folder)
            _, notice = store.load()
            assert notice and "not a regular file" in notice and store.read_only
        else:
            bookmarks = BookmarkStore(folder / name)
            notices = bookmarks.load()
            assert any("not a regular file" in n for n in notices) and bookmarks.read_only
    assert stat.S_ISFIFO(os.lstat(tmp_path / name).st_mode)  # left as it was


def test_bookmarks_list_on_a_fifo_does_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "bookmarks.json")
    result = run_cli("bookmarks", "list", "--bookmarks", str(tmp_path / "bookmarks.json"))
    assert result.returncode == 0 and b"not a regular file" in result.stderr


def test_a_folder_nested_deeper_than_the_recursion_limit_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "deep"
    levels = sys.getrecursionlimit() + 200
    path = str(folder)
    os.mkdir(path)
    for _ in range(levels):  # os.makedirs itself recurses
        path = os.path.join(path, "d")
        os.mkdir(path)
    with open(os.path.join(path, "bottom.txt"), "w") as handle:
        handle.write("Bottom\n\nThe deepest article, with a paragraph of text.\n")
    try:
        sources, skipped = discover([folder])
        assert [s.path.name for s in sources] == ["bottom.txt"] and not skipped
        found = first_source([folder])
        assert found is not None and found.path.name == "bottom.txt"
    finally:  # shutil.rmtree (pytest's clean-up) recurses too: remove it bottom up
        os.unlink(os.path.join(path, "bottom.txt"))
        while path != str(folder.parent):
            os.rmdir(path)
            path = os.path.dirname(path)


def test_the_first_article_shown_is_the_first_one_listed(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    (folder / "a").mkdir(parents=True)
    for relative in ("a.txt", "a/x.txt", "a10.txt", "a2.txt", "B.txt"):
        (folder / relative).write_text(f"{relative}\n\nSome text for {relative} to read.\n")
    sources, _ = discover([folder])
    first = first_source([folder])
    assert first is not None and first.id == sources[0].id
    ids = [s.id for s in sources]
    assert ids.index("a.txt") < ids.index("a/x.txt") and ids.index("a2.txt") < ids.index("a10.txt")


def test_a_symlink_leading_outside_the_folder_is_skipped_with_a_warning(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("Secret\n\nNot part of the collection at all.\n")
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "inside.txt").write_text("Inside\n\nAn article of the collection.\n")
    (folder / "passwd.txt").symlink_to(outside)
    (folder / "also-inside.txt").symlink_to(folder / "inside.txt")
    sources, skipped = discover([folder])
    assert len(sources) == 1  # the link inside the folder is the same file: listed once
    assert [(s.path.name, s.reason) for s in skipped] == [
        ("passwd.txt", "symlink leads outside the folder")
    ]
    explicit, _ = discover([folder / "passwd.txt"])
    assert [s.id for s in explicit] == ["passwd.txt"]  # named on the command line: allowed


# What the user is told


def test_a_failed_cli_add_says_not_saved_and_exits_2(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    result = run_cli(
        "bookmarks",
        "add",
        "000",
        "--paragraph",
        "1",
        "--bookmarks",
        str(blocker / "bookmarks.json"),
    )
    assert result.returncode == 2
    assert b"not saved" in result.stderr and b"will retry" not in result.stderr
    assert b"Traceback" not in result.stderr


def test_invisible_characters_show_as_placeholders_except_in_real_sequences() -> None:
    cases = {
        "zero\u200bwidth": "zero\ufffdwidth",
        "word\u2060joiner": "word\ufffdjoiner",
        "invisible\u2062times": "invisible\ufffdtimes",
        "tag\U000e0041s": "tag\ufffds",
        "filler\u3164letter": "filler\ufffdletter",
        "x\u200dy": "x\ufffdy",
        "family 👨\u200d👩\u200d👧": "family 👨\u200d👩\u200d👧",
        "heart ❤\ufe0f\u200d🔥": "heart ❤\ufe0f\u200d🔥",
        "Persian می\u200cخواهم": "Persian می\u200cخواهم",
        "flag 🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f": (
            "flag 🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
        ),
        "lone \udce9 surrogate": "lone \ufffd surrogate",
    }
    for raw, shown in cases.items():
        assert visible(raw) == shown, raw
        assert len(visible(raw)) == len(raw)


def test_search_matches_across_invisible_characters(tmp_path: Path) -> None:
    from borderread.data.search import SearchIndex

    path = tmp_path / "zw.txt"
    path.write_text("Title\n\nThe bor\u200bder wall and the mi\u00adgrants crossed it.\n")
    article = load_corpus([path]).articles[0]
    paragraph = article.body[0].text
    assert "bor\ufffdder" in paragraph and "migrants" in paragraph  # soft hyphen dropped
    for query in ("border", "migrants crossed"):
        hits = SearchIndex([article]).search(query)
        assert hits, query
        start, end = hits[0].spans[0]
        assert paragraph[start:end] in ("bor\ufffdder", "migrants crossed"), query


def test_a_cr_only_file_has_a_body(tmp_path: Path) -> None:
    text = (SEEDS / "001_256f042c0728b39f.txt").read_text(encoding="utf-8")
    path = tmp_path / "mac.txt"
    path.write_bytes(text.replace("\n", "\r").encode())
    article = load_corpus([path]).articles[0]
    assert article.meta.words > 2000 and len(article.body) > 20


def test_scrub_replaces_only_lone_surrogates() -> None:
    assert scrub("fine é ✓ 👍") == "fine é ✓ 👍"
    assert scrub("a\ud800b\udfffc") == "a\ufffdb\ufffdc"


def test_the_state_round_trips_the_reader_state(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    state = ReaderState(theme="nord", measure=70, search_history=["a", "b"])
    assert store.save(state) is None
    again, _ = StateStore(tmp_path).load()
    assert (again.theme, again.measure, again.search_history) == ("nord", 70, ["a", "b"])


def test_bookmarks_list_checks_each_bookmark_against_its_own_file(tmp_path: Path) -> None:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    copy = folder / "copy-of-a-seed.txt"
    copy.write_bytes((SEEDS / "002_b709267a969255ed.txt").read_bytes())
    bookmarks = tmp_path / "bookmarks.json"
    added = run_cli(
        "bookmarks", "add", "copy", "--paragraph", "2", str(folder), "--bookmarks", str(bookmarks)
    )
    assert added.returncode == 0, added.stderr
    listed = run_cli("bookmarks", "list", "--json", "--bookmarks", str(bookmarks))
    (row,) = json.loads(listed.stdout)
    assert row["status"] == "exact" and row["article"] == "copy-of-a-seed.txt"


def test_json_dumps_escapes_every_unsafe_character() -> None:
    value = {"k": "a\x9bb\u202ec\ud800d\U000e0041e\u2028f"}
    text = jsonfile.dumps(value)
    assert text.isascii() or all(ord(c) < 0x7F or ord(c) > 0x9F for c in text)
    for raw in ("\x9b", "\u202e", "\ud800", "\U000e0041", "\u2028"):
        assert raw not in text
    assert json.loads(text) == value


def test_located_bookmarks_follow_the_file_they_were_made_in(tmp_path: Path) -> None:
    """A file with the same id in another folder is not taken for the bookmark's article
    when the bookmark's own file is among the articles."""
    one, two = tmp_path / "one", tmp_path / "two"
    for folder, seed in ((one, "000_a531a031a9ba92fe.txt"), (two, "004_bd8505de0a0b0494.txt")):
        folder.mkdir()
        (folder / "a.txt").write_bytes((SEEDS / seed).read_bytes())
    first = load_corpus([one]).articles[0]
    bookmark = make_bookmark(first, anchor_for(first, 3), "", set())
    both = load_corpus([two, one]).articles  # "a.txt" and "a.txt~2"
    (found,) = locate_all([bookmark], both)
    assert (
        found.status == "exact"
        and both[[a.id for a in both].index(found.article_id or "")].path == first.path
    )


# Any str round-trips (the policy: free text scrubbed, paths byte-exact)

ANY_TEXT = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=60)
"""Any code point, lone surrogates and controls included."""


@settings(max_examples=60, deadline=None)
@given(note=ANY_TEXT, path=ANY_TEXT, history=st.lists(ANY_TEXT, max_size=4))
def test_any_str_round_trips_through_save_and_load(
    note: str, path: str, history: list[str]
) -> None:
    import tempfile

    from borderread.data.bookmarks import Anchor, Bookmark
    from borderread.data.state import Position
    from borderread.data.text import scrub_path

    with tempfile.TemporaryDirectory() as folder:
        store = BookmarkStore(Path(folder) / "bookmarks.json")
        store.load()
        bookmark = Bookmark(
            "b1", scrub_path(path), note, "print", Anchor(note, note, note, 1, 2),
            note=scrub(note), created="c", updated="u", article_path=scrub_path(path),
        )  # fmt: skip
        if not path:  # refused: the file could not be read back (never saved, then lost)
            assert store.add(bookmark) is not None and not store.bookmarks
            return
        assert store.add(bookmark) is None
        reread = BookmarkStore(Path(folder) / "bookmarks.json")
        assert reread.load() == []
        (back,) = reread.bookmarks.values()
        assert back.note == scrub(note) and back.article_path == scrub_path(path)
        assert back.article_id == scrub_path(path) and back.anchor.exact == scrub(note)

        states = StateStore(Path(folder))
        state = ReaderState(search_history=history, positions={path: Position(1, 2, note)})
        assert states.save(state) is None
        again, notice = StateStore(Path(folder)).load()
        assert notice is None
        assert again.search_history == [scrub(h) for h in history]
        assert list(again.positions) == [scrub_path(path)]
        assert again.positions[scrub_path(path)].quote == scrub(note[:200])
