"""The CLI as a user runs it: real subprocesses, exit codes, and nothing raw on the terminal."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

HOSTILE = (
    "Title \x1b]0;pwned\x07 [bold]x[/bold]\n\n"
    "Body \x1b[2J\x1b[31mred\x1b[0m [link=http://evil]click[/link] [@click=app.quit]q[/] "
    "\u202eevil\u202c \x9b31m and a bell \x07 and enough words to be body text.\n"
)
ESCAPES = ("\x1b", "\x07", "\u202e", "\x9b")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "borderread", *args],
        capture_output=True,
        text=True,
        cwd=cwd or REPO,
        timeout=60,
    )


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    (tmp_path / "evil\x1b[31m.txt").write_text(HOSTILE, encoding="utf-8")
    return tmp_path


def test_list_prints_one_line_per_seed() -> None:
    result = run("list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split("\t")[0][:3] for line in lines] == ["000", "001", "002", "003", "004"]
    assert lines[2].split("\t") == [
        "002_b709267a969255ed.txt",
        "U.S.-Mexico collusion against immigrants",
        "Eugene Walker",
        "2021-11-19",
        "News & Letters",
        "582 words",
    ]


def test_list_json_has_the_documented_fields() -> None:
    result = run("list", "--json")
    rows = json.loads(result.stdout)
    assert len(rows) == 5
    assert all(
        set(row) == {"id", "path", "title", "author", "date", "source", "words"} for row in rows
    )
    assert rows[3]["author"] is None and rows[3]["words"] > 1000
    assert Path(rows[0]["path"]).is_file()


def test_show_prints_reader_mode() -> None:
    result = run("show", "003")
    assert result.returncode == 0
    out = result.stdout
    assert out.startswith("As AMLO cracks down on migrants")
    assert "third-largest in Oaxaca" in out.replace("\n", " ")
    assert max(len(line) for line in out.splitlines()) <= 78
    paragraphs = [p for p in out.split("\n\n") if p.strip()]
    assert len(paragraphs) == 23 + 1  # the title block, then the 23 paragraphs


def test_show_hides_boilerplate_unless_asked() -> None:
    plain = run("show", "004").stdout
    assert "Facebook" not in plain and "Militant journalism" not in plain
    everything = run("show", "004", "--all").stdout
    assert "[share] Facebook Instagram Twitter YouTube" in everything
    assert "[tagline] Militant journalism, revolutionary politics." in everything


def test_show_raw_is_the_original(seeds: Path) -> None:
    result = run("show", "003", "--raw")
    assert result.stdout == (seeds / "003_cbc59564459f8a6a.txt").read_text(encoding="utf-8") + "\n"


def test_show_json_structure() -> None:
    data = json.loads(run("show", "002", "--json").stdout)
    assert data["title"] == "U.S.-Mexico collusion against immigrants"
    roles = [b["role"] for b in data["blocks"]]
    assert roles[:4] == ["title", "meta", "meta", "meta"]
    body = [b for b in data["blocks"] if "paragraph" in b]
    assert [b["paragraph"] for b in body] == list(range(len(body)))


def test_show_by_path(seeds: Path, tmp_path: Path) -> None:
    result = run("show", str(seeds / "002_b709267a969255ed.txt"), cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("U.S.-Mexico collusion")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("show", "zzz"), "no article matches 'zzz'"),
        (("show", "00"), "matches 5 articles"),
        (("list", "/definitely/missing"), "/definitely/missing: no such file or folder"),
        (("/definitely/missing",), "/definitely/missing: no such file or folder"),
    ],
)
def test_errors_are_one_clear_line_and_status_2(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    result = run("list", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"borderread: no articles found in {tmp_path} "
        "(looked for text files: .txt, .md, .rst, README...)"
    ]


def test_skipped_files_are_warned_about_but_the_rest_lists(tmp_path: Path, seeds: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "b.txt").write_text("Fine Title\n\nA fine body paragraph.", encoding="utf-8")
    result = run("list", str(tmp_path))
    assert result.returncode == 0
    assert result.stdout.startswith("b.txt\tFine Title")
    assert "skipped" in result.stderr and "a.txt" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("list",),
        ("list", "--json"),
        ("show", "evil"),
        ("show", "evil", "--raw"),
        ("show", "evil", "--json"),
        ("show", "evil", "--all"),
    ],
)
def test_escape_sequences_never_reach_the_terminal(hostile: Path, args: tuple[str, ...]) -> None:
    command, *rest = args
    result = run(command, *rest, str(hostile))
    assert result.returncode == 0, result.stderr
    for escape in ESCAPES:
        assert escape not in result.stdout
        assert escape not in result.stderr
    assert "␛" in result.stdout or "\\u241b" in result.stdout  # shown, not dropped
    if command == "show" and "--json" not in rest:
        assert "[link=http://evil]click[/link]" in result.stdout


def test_help_and_version() -> None:
    for args in (("--help",), ("list", "--help"), ("show", "--help")):
        result = run(*args)
        assert result.returncode == 0
        assert "usage: borderread" in result.stdout
    version = run("--version")
    assert version.stdout.startswith("borderread 0.")


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).with_name("borderread")
    result = subprocess.run([str(script), "list"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and len(result.stdout.splitlines()) == 5


def test_a_closed_pipe_is_not_an_error() -> None:
    command = f"{sys.executable} -m borderread show 001 --raw | head -1"
    result = subprocess.run(command, shell=True, capture_output=True, text=True, cwd=REPO)
    assert result.stdout.startswith("The Immigration Crisis")
    assert "Traceback" not in result.stderr


def test_a_path_to_an_existing_file_is_always_that_file(tmp_path: Path, seeds: Path) -> None:
    mine = tmp_path / "my-article.txt"
    mine.write_text("My own article\n\nA paragraph about the river crossing at night.\n")
    alone = run("show", "my-article.txt", cwd=tmp_path)
    assert alone.returncode == 0 and alone.stdout.startswith("My own article"), alone.stderr
    elsewhere = run("show", str(mine), str(seeds))  # the PATHs do not hold it
    assert elsewhere.returncode == 0 and elsewhere.stdout.startswith("My own article")
    bookmarks = tmp_path / "bookmarks.json"
    added = run("bookmarks", "add", "my-article.txt", "--paragraph", "1", "--bookmarks",
                str(bookmarks), cwd=tmp_path)  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "my-article.txt" in bookmarks.read_text()
    missing = run("show", "not-there.txt", cwd=tmp_path)
    assert missing.returncode == 2 and "no article matches" in missing.stderr


def test_paragraphs_are_numbered_from_1_wherever_people_see_them(tmp_path: Path) -> None:
    """search's ¶N, bookmarks add --paragraph N and bookmarks list's ¶N name the same one."""
    query = ("search", "Darién Gap", "--article", "000", "--limit", "1")
    found = run(*query)
    number = int(found.stdout.split("\t")[2].lstrip("¶"))
    as_json = json.loads(run(*query, "--json").stdout)
    assert number == as_json["paragraph_number"] == as_json["paragraph"] + 1
    bookmarks = tmp_path / "bookmarks.json"
    added = run("bookmarks", "add", "000", "--paragraph", str(number), "--bookmarks",
                str(bookmarks))  # fmt: skip
    assert added.returncode == 0, added.stderr
    listed = run("bookmarks", "list", "--bookmarks", str(bookmarks))
    assert f"\t¶{number}\t" in listed.stdout
    (row,) = json.loads(run("bookmarks", "list", "--json", "--bookmarks", str(bookmarks)).stdout)
    assert row["paragraph_number"] == number and row["quote"] in as_json["text"]


def _in_a_terminal(args: list[str], columns: int, env: dict[str, str]) -> str:
    """What ``borderread ARGS`` writes to a terminal ``columns`` wide."""
    import fcntl
    import os
    import pty
    import struct
    import termios

    from tests.ui.helpers import read_pty

    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(REPO)
        os.execvpe(sys.executable, [sys.executable, "-m", "borderread", *args],
                   {**os.environ, **env, "COLUMNS": str(columns)})  # fmt: skip
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    try:
        output = read_pty(fd, 30)
    finally:
        os.waitpid(pid, 0)
        os.close(fd)
    return output.decode("utf-8", "replace").replace("\r\n", "\n")


def test_list_on_a_terminal_is_aligned_columns_that_fit() -> None:
    shown = _in_a_terminal(["list"], 80, {})
    lines = [line for line in shown.splitlines() if line.strip()]
    assert len(lines) == 5 and all("\t" not in line for line in lines)
    assert all(len(line) <= 80 for line in lines), lines
    assert len({line.index(" 20") for line in lines if " 20" in line}) <= 2  # aligned dates
    piped = run("list")
    assert all(line.count("\t") == 5 for line in piped.stdout.splitlines())


def test_show_on_a_terminal_goes_through_the_pager_made_safe(tmp_path: Path) -> None:
    article = tmp_path / "url.txt"
    url = "https://example.org/" + "a" * 120
    article.write_text(f"Title\n\nSee {url} for more \x1b]0;PWNED\x07 and the rest of it.\n")
    received = tmp_path / "pager-input"
    shown = _in_a_terminal(["show", str(article)], 60, {"PAGER": f"tee {received}"})
    text = received.read_text()
    assert url in text  # a long URL is not broken at the width
    assert "\x1b" not in text and "␛]0;PWNED" in text
    assert url in shown.replace("\n", "")


def test_files_not_read_are_counted_and_listed(tmp_path: Path) -> None:
    (tmp_path / "article.txt").write_text("Title\n\nA paragraph of body text for the list.\n")
    for name in ("photo.png", "slides.odt", "data.json"):
        (tmp_path / name).write_text("x")
    result = run("list", str(tmp_path))
    assert result.returncode == 0
    assert "3 files skipped: 3 not text (see borderread list --skipped)" in result.stderr
    assert "photo.png" not in result.stderr  # counted, not warned of one by one
    listed = run("list", "--skipped", str(tmp_path))
    rows = sorted(line.split("\t") for line in listed.stdout.splitlines())
    assert [Path(path).name for path, _ in rows] == ["data.json", "photo.png", "slides.odt"]
    assert {reason for _, reason in rows} == {"not text (by its name)"}


def _reader(*paths: str, state: str | None = None, bookmarks: str | None = None) -> object:
    from borderread.cli import ReaderArgs

    return ReaderArgs([Path(p) for p in paths], state, bookmarks)


READER_ARGVS: dict[str, tuple[list[str], object]] = {
    "none": ([], _reader()),
    "one folder": (["seeds"], _reader("seeds")),
    "paths and stdin": (["a folder", "b.txt", "-"], _reader("a folder", "b.txt", "-")),
    "an option first": (["--state-dir", "/tmp/s", "x"], _reader("x", state="/tmp/s")),
    "an option between paths": (  # was an error: "unrecognized arguments: y"
        ["x", "--bookmarks=b.json", "y"],
        _reader("x", "y", bookmarks="b.json"),
    ),
    "a path after --": (
        ["a", "--state-dir", "s", "--", "-dash.txt", "--"],
        _reader("a", "-dash.txt", "--", state="s"),
    ),
}


@pytest.mark.parametrize("case", READER_ARGVS)
def test_the_readers_arguments_are_taken_as_argparse_documents(case: str) -> None:
    from borderread import cli

    argv, expected = READER_ARGVS[case]
    assert cli.reader_args(argv) == expected


def test_the_reader_still_refuses_an_unknown_option(capsys: pytest.CaptureFixture[str]) -> None:
    from borderread import cli

    with pytest.raises(SystemExit) as stopped:
        cli.reader_args(["--bogus"])
    assert stopped.value.code == 2 and "--bogus" in capsys.readouterr().err


def test_arguments_after_a_double_dash_are_never_options(tmp_path: Path, seeds: Path) -> None:
    """``--`` ends the options (was: ``unrecognized arguments: -notes``)."""
    import shutil

    shutil.copytree(seeds, tmp_path / "-notes")
    listed = run("list", "--tsv", "--", "-notes", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.splitlines()) == 5
    found = run("search", "--json", "--limit", "2", "--", "-asylum", "-notes", cwd=tmp_path)
    assert found.returncode == 0, found.stderr
    hits = [json.loads(line) for line in found.stdout.splitlines()]
    assert len(hits) == 2 and all("asylum" in json.dumps(hit).lower() for hit in hits)


def test_parse_arguments_puts_back_what_followed_the_double_dash() -> None:
    import argparse

    from borderread.cli_args import parse_arguments, paths_argument

    parser = argparse.ArgumentParser()
    parser.add_argument("query")
    parser.add_argument("--limit", type=int, default=0)
    paths_argument(parser)
    parsed = parse_arguments(parser, ["a", "--limit", "3", "b", "--", "-c", "--", "d"])
    assert (parsed.query, parsed.limit) == ("a", 3)
    assert parsed.paths == [Path("b"), Path("-c"), Path("--"), Path("d")]
    first = parse_arguments(parser, ["--", "-q", "-p"])
    assert (first.query, first.paths) == ("-q", [Path("-p")])
