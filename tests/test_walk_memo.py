"""The search server's remembered walks: reused only while every folder walked is as it
was, and always the walk a fresh ``corpus.discover`` would make."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from borderread.data import corpus, search_cache, walk_memo
from borderread.data.corpus import Source
from borderread.data.models import Skipped

LONG_AGO_NS = 1_000_000_000_000_000_000  # 2001: a folder's mtime set back to it


@pytest.fixture
def walks(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Walks remembered (folders trusted however recently changed); counts real walks."""
    monkeypatch.setattr(walk_memo, "_walks", {})
    monkeypatch.setattr(walk_memo, "SETTLED_NS", -(10**18))
    count = [0]
    real = corpus.discover

    def counted(
        paths: list[Path], limit: int | None = None, record: corpus.WalkRecord | None = None
    ) -> tuple[list[Source], list[Skipped]]:
        count[0] += 1
        return real(paths, limit, record)

    monkeypatch.setattr(walk_memo, "walk", counted)
    yield count


def _tree(root: Path) -> Path:
    for name in ("a.txt", "b.md", "image.png", "sub/c.txt", "sub/deeper/d.txt", "other/e.txt"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(f"{name}\n")
    _set_back(root)
    return root


def _set_back(root: Path) -> None:
    """Every folder's mtime set long ago, so that a change now is a new mtime even within
    the clock's tick (the memo's guard against that is tested on its own)."""
    for folder in [root, *(p for p in root.rglob("*") if p.is_dir())]:
        os.utime(folder, ns=(LONG_AGO_NS, LONG_AGO_NS))


def test_a_walk_is_reused_while_no_folder_changes(tmp_path: Path, walks: list[int]) -> None:
    root = _tree(tmp_path / "c")
    fresh = corpus.discover([root])
    assert walk_memo.discover([root]) == fresh
    assert walk_memo.discover([root]) == fresh
    assert walks[0] == 1
    assert [s.id for s in fresh[0]] == ["a.txt", "b.md", "other/e.txt", "sub/c.txt",
                                        "sub/deeper/d.txt"]  # fmt: skip


def _add_deep(root: Path) -> None:
    (root / "sub/deeper/new.txt").write_text("new\n")


def _add_folder(root: Path) -> None:
    (root / "new").mkdir()
    (root / "new/f.txt").write_text("f\n")


def _remove_folder(root: Path) -> None:
    (root / "other/e.txt").unlink()
    (root / "other").rmdir()


CHANGES: dict[str, Callable[[Path], object]] = {
    "a file added deep down": _add_deep,
    "a file removed": lambda r: (r / "sub/c.txt").unlink(),
    "a file renamed": lambda r: (r / "a.txt").rename(r / "z.txt"),
    "a file moved between folders": lambda r: (r / "other/e.txt").rename(r / "sub/e.txt"),
    "a folder added": _add_folder,
    "a folder removed": _remove_folder,
    "a not-text file becomes text": lambda r: (r / "image.png").rename(r / "image.txt"),
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_a_change_anywhere_is_walked_again(change: str, tmp_path: Path, walks: list[int]) -> None:
    root = _tree(tmp_path / "c")
    before = walk_memo.discover([root])
    CHANGES[change](root)
    after = walk_memo.discover([root])
    assert after == corpus.discover([root])
    assert after != before
    assert walks[0] == 2


def test_a_folder_whose_permissions_change_is_walked_again(
    tmp_path: Path, walks: list[int]
) -> None:
    root = _tree(tmp_path / "c")
    walk_memo.discover([root])
    (root / "sub").chmod(0o000)  # unreadable (but not to root, whom the tests may run as)
    try:
        assert walk_memo.discover([root]) == corpus.discover([root])
    finally:
        (root / "sub").chmod(0o755)
    assert walks[0] == 2


def test_a_file_edited_is_not_a_change_of_the_walk(tmp_path: Path, walks: list[int]) -> None:
    root = _tree(tmp_path / "c")
    before = walk_memo.discover([root])
    (root / "sub/c.txt").write_text("edited: longer than it was\n")  # its stamp is the caller's
    assert walk_memo.discover([root]) == before
    assert walks[0] == 1


def test_a_folder_changed_just_now_is_walked_each_time(
    tmp_path: Path, walks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(walk_memo, "SETTLED_NS", 3_000_000_000)
    root = _tree(tmp_path / "c")
    (root / "sub/new.txt").write_text("new\n")  # sub's mtime and ctime: now
    walk_memo.discover([root])
    walk_memo.discover([root])
    assert walks[0] == 2


def test_a_walk_that_met_a_symlink_or_a_missing_path_is_not_kept(
    tmp_path: Path, walks: list[int]
) -> None:
    root = _tree(tmp_path / "c")
    (root / "link.txt").symlink_to(root / "a.txt")
    _set_back(root)
    walk_memo.discover([root])
    walk_memo.discover([root])
    assert walks[0] == 2
    missing = [tmp_path / "nowhere"]
    walk_memo.discover(missing)
    walk_memo.discover(missing)
    assert walks[0] == 4


def test_relative_paths_are_walked_from_the_folder_they_are_given_in(
    tmp_path: Path, walks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    one, two = _tree(tmp_path / "one"), tmp_path / "two"
    (two / "only-here.txt").parent.mkdir()
    (two / "only-here.txt").write_text("two\n")
    monkeypatch.chdir(one)
    here = walk_memo.discover([Path(".")])
    monkeypatch.chdir(two)
    there = walk_memo.discover([Path(".")])
    assert [s.id for s in there[0]] == ["only-here.txt"] != [s.id for s in here[0]]


def test_without_remembering_every_call_walks(tmp_path: Path, walks: list[int]) -> None:
    walk_memo.forget_walks()
    root = _tree(tmp_path / "c")
    walk_memo.discover([root])
    walk_memo.discover([root])
    assert walks[0] == 2


def test_the_kept_cache_key_follows_every_stamp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_cache, "_last_key", ([], None))
    files = [tmp_path / "a.txt", tmp_path / "b.txt"]
    for file in files:
        file.write_text("text\n")
    known: list[search_cache.Identity] = [("a.txt", files[0], (5, 1)), ("b.txt", files[1], (5, 2))]
    first = search_cache._kept_key(known)
    assert first == search_cache.cache_key(known) == search_cache._kept_key(list(known))
    resized = [known[0], ("b.txt", files[1], (6, 2))]
    assert search_cache._kept_key(resized) == search_cache.cache_key(resized) != first
    unstamped = [known[0], ("b.txt", files[1], None)]  # looked at now, every time
    before = search_cache._kept_key(unstamped)
    files[1].write_text("longer text now\n")
    assert search_cache._kept_key(unstamped) != before
