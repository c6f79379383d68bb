"""The search server: a warm ``borderread search`` answered by a resident process prints
exactly what the search would print in the client, and anything it cannot answer from the
saved index (changed files, standard input) is searched by the client itself."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from borderread import cli, search_server, server_client
from borderread.data import saved_collection, search_cache, walk_memo
from borderread.data.collection_cache import CollectionCache
from borderread.data.corpus import discover, load_corpus
from borderread.data.search import SearchIndex
from tests.conftest import REPO


def _wait_for(condition: object, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


class Server:
    """A search server of the tests' own, in a short private folder."""

    def __init__(self, runtime: Path, env: dict[str, str]) -> None:
        self.runtime, self.env = runtime, env
        self.folder = str(runtime / "borderread")
        self.socket = server_client.socket_path(self.folder)
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, *args: str) -> subprocess.Popen[bytes]:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "borderread.search_server", *args],
            env=self.env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        assert _wait_for(lambda: os.path.exists(self.socket)), "the server did not start"
        return self.process

    def search(self, *args: str, env: dict[str, str] | None = None) -> tuple[str, str, int]:
        done = subprocess.run(
            [sys.executable, "-m", "borderread", "search", *args],
            env=env or self.env, cwd=REPO, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        return done.stdout, done.stderr, done.returncode

    def stop(self) -> None:
        subprocess.run(
            [sys.executable, "-m", "borderread.search_server", "--stop"],
            env=self.env, cwd=REPO, timeout=30, check=False,
        )  # fmt: skip
        if self.process is not None:
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def collection(tmp_path: Path, seeds: Path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(seeds, folder)
    return folder


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    runtime = Path(tempfile.mkdtemp(prefix="br-", dir="/tmp"))  # a socket path is short
    os.chmod(runtime, 0o700)
    env = {
        **os.environ,
        "XDG_RUNTIME_DIR": str(runtime),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "BORDERREAD_SERVER": "on",
    }
    made = Server(runtime, env)
    try:
        yield made
    finally:
        made.stop()
        shutil.rmtree(runtime, ignore_errors=True)


def _off(server: Server) -> dict[str, str]:
    return {**server.env, "BORDERREAD_SERVER": "off"}


QUERIES = (
    ("asylum",),
    ("asylum", "--json", "--limit", "3"),
    ("asylum", "--color", "always"),
    ("zzqxj",),  # nothing found: status 1
    ("asylum", "--limit", "-1"),  # an error: status 2, one line
    ("asylum", "--bogus"),  # a usage error from argparse
    ("--help",),  # argparse's help, status 0
)


def test_a_served_search_prints_what_the_client_would(
    server: Server,
    collection: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    first = server.search("asylum", str(collection), env=_off(server))  # makes the saved index
    assert first[2] == 0 and first[0]
    server.start("--idle", "60")
    for query in QUERIES:
        here = server.search(*query, str(collection), env=_off(server))
        assert server.search(*query, str(collection)) == here, query
    for name in ("XDG_RUNTIME_DIR", "XDG_CACHE_HOME", "BORDERREAD_SERVER"):
        monkeypatch.setenv(name, server.env[name])
    capfd.readouterr()
    status, code = server_client.ask(["search", "asylum", str(collection)])
    out, _ = capfd.readouterr()
    assert (status, code) == ("served", 0)  # it was the server that printed the hits
    assert out == server.search("asylum", str(collection), env=_off(server))[0]


def test_a_served_search_encodes_its_output_as_the_client_would(
    server: Server, collection: Path
) -> None:
    server.search("Sheinbaum", str(collection), env=_off(server))
    server.start("--idle", "60")
    command = [sys.executable, "-m", "borderread", "search", "Sheinbaum", str(collection)]
    for encoding in ("latin-1:replace", "ascii:backslashreplace", "utf-8"):
        env = {**server.env, "PYTHONIOENCODING": encoding}
        served = subprocess.run(command, env=env, cwd=REPO, capture_output=True, timeout=60)
        here = subprocess.run(
            command, env={**env, "BORDERREAD_SERVER": "off"}, cwd=REPO,
            capture_output=True, timeout=60,
        )  # fmt: skip
        assert served.returncode == here.returncode == 0
        assert (served.stdout, served.stderr) == (here.stdout, here.stderr), encoding
    assert b"\\xbb" in served.stdout or "»".encode() in served.stdout


def test_a_changed_file_is_searched_by_the_client_as_it_is_now(
    server: Server, collection: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.search("asylum", str(collection), env=_off(server))
    server.start("--idle", "60")
    edited = sorted(collection.glob("*.txt"))[0]
    edited.write_text(edited.read_text() + "\n\nA paragraph about quetzalcoatlus.\n")
    for name in ("XDG_RUNTIME_DIR", "XDG_CACHE_HOME", "BORDERREAD_SERVER"):
        monkeypatch.setenv(name, server.env[name])
    status, _ = server_client.ask(["search", "quetzalcoatlus", str(collection)])
    assert status == "declined"  # the saved index is not of the files as they are
    out, _, code = server.search("quetzalcoatlus", str(collection))
    assert code == 0 and "»quetzalcoatlus«" in out


def test_a_file_added_to_a_collection_walked_before_is_found(
    server: Server, collection: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.search("asylum", str(collection), env=_off(server))
    server.start("--idle", "60")
    time.sleep(walk_memo.SETTLED_NS / 1e9 + 0.5)  # the folders settled: the walk is kept
    for name in ("XDG_RUNTIME_DIR", "XDG_CACHE_HOME", "BORDERREAD_SERVER"):
        monkeypatch.setenv(name, server.env[name])
    assert server_client.ask(["search", "zzqxj", str(collection)]) == ("served", 1)
    (collection / "zz-new.txt").write_text("Flying reptiles\n\nA paragraph about quetzalcoatlus.\n")
    assert server_client.ask(["search", "quetzalcoatlus", str(collection)])[0] == "declined"
    out, _, code = server.search("quetzalcoatlus", str(collection))
    assert code == 0 and "zz-new.txt" in out


def test_standard_input_is_never_sent_to_a_server(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(cli.NotWarm):
        cli.main(["search", "asylum", "-"], saved_index_only=True)
    with pytest.raises(cli.NotWarm):
        cli.main(["list"], saved_index_only=True)


def test_a_search_starts_a_server_for_the_next_one(server: Server, collection: Path) -> None:
    assert server.search("asylum", str(collection))[2] == 0  # none running: searched here
    assert _wait_for(lambda: os.path.exists(server.socket))
    assert server.search("asylum", str(collection))[2] == 0


def test_off_means_no_server(server: Server, collection: Path) -> None:
    assert server.search("asylum", str(collection), env=_off(server))[2] == 0
    time.sleep(0.5)
    assert not os.path.exists(server.socket)


def test_an_idle_server_exits_and_takes_its_socket(server: Server) -> None:
    process = server.start("--idle", "0.5")
    assert process.wait(timeout=15) == 0
    assert not os.path.exists(server.socket)


def test_a_server_holding_much_memory_exits_sooner(server: Server, collection: Path) -> None:
    """Over its mark (here 1 MiB: any Python process) a server stays only ``--big-idle``."""
    process = server.start("--idle", "60", "--big-mib", "1", "--big-idle", "0.5")
    assert process.wait(timeout=15) == 0
    assert not os.path.exists(server.socket)


def test_a_server_under_its_memory_mark_stays_its_idle_time(
    server: Server, collection: Path
) -> None:
    assert server.search("asylum", str(collection), env=_off(server))[2] == 0
    process = server.start("--idle", "60", "--big-idle", "0.2")  # the seeds: far under 256 MiB
    assert server.search("asylum", str(collection))[2] == 0
    time.sleep(1.5)
    assert process.poll() is None and os.path.exists(server.socket)


def test_resident_bytes_follow_what_the_process_holds() -> None:
    before = search_server.resident_bytes()
    held = b"x" * (64 * 2**20)  # written, so resident
    assert search_server.resident_bytes() >= before + 60 * 2**20
    assert before > 2**20 and len(held) == 64 * 2**20


def test_only_one_server_runs(server: Server) -> None:
    server.start("--idle", "60")
    second = subprocess.run(
        [sys.executable, "-m", "borderread.search_server", "--idle", "60"],
        env=server.env, cwd=REPO, timeout=30, check=False,
    )  # fmt: skip
    assert second.returncode == 0  # it found the folder taken and left at once
    assert os.path.exists(server.socket)


def test_a_folder_others_can_enter_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = Path(tempfile.mkdtemp(prefix="br-", dir="/tmp"))
    try:
        (runtime / "borderread").mkdir(mode=0o755)
        os.chmod(runtime / "borderread", 0o755)
        monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
        monkeypatch.setenv("BORDERREAD_SERVER", "on")
        assert not server_client.is_private(str(runtime / "borderread"))
        assert server_client.ask(["search", "x"]) == ("unavailable", 0)
        assert search_server.serve(str(runtime / "borderread"), idle=0.1) == 2
        link = runtime / "link"
        link.symlink_to(runtime / "borderread")
        os.chmod(runtime / "borderread", 0o700)
        assert server_client.is_private(str(runtime / "borderread"))
        assert not server_client.is_private(str(link))  # a link is not the folder itself
    finally:
        shutil.rmtree(runtime, ignore_errors=True)


def test_code_changed_since_start_is_noticed(tmp_path: Path) -> None:
    module = tmp_path / "module.py"
    module.write_text("x = 1\n")
    info = module.stat()
    stamps = {str(module): (info.st_size, info.st_mtime_ns)}
    assert not search_server._code_changed(stamps)
    module.write_text("x = 22\n")
    assert search_server._code_changed(stamps)
    module.unlink()
    assert search_server._code_changed(stamps)


def test_a_kept_index_is_reused_until_its_file_changes(
    tmp_path: Path, seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_cache, "_keeping", True)
    monkeypatch.setattr(search_cache, "_kept", {})
    articles = load_corpus([seeds]).articles
    search_cache.save_index(tmp_path, SearchIndex(articles))
    first = search_cache.load_index(tmp_path, articles)
    again = search_cache.load_index(tmp_path, articles)
    assert first is not None and again is not None
    assert again._postings is first._postings  # the parts read once, shared
    for saved in tmp_path.glob("index-*.bin"):  # a new file (as an atomic save makes one)
        copy = saved.with_suffix(".new")
        copy.write_bytes(saved.read_bytes())
        copy.replace(saved)
    fresh = search_cache.load_index(tmp_path, articles)
    assert fresh is not None and fresh._postings is not first._postings
    assert [h.article_id for h in fresh.search("asylum")] == [
        h.article_id for h in first.search("asylum")
    ]


def test_a_socket_left_by_a_dead_server_is_searched_past_and_replaced(
    server: Server, collection: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    os.makedirs(server.folder, mode=0o700)
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(server.socket)
    dead.close()  # the file stays, nobody listens
    for name in ("XDG_RUNTIME_DIR", "XDG_CACHE_HOME", "BORDERREAD_SERVER"):
        monkeypatch.setenv(name, server.env[name])
    assert server_client.ask(["search", "asylum", str(collection)]) == ("unavailable", 0)
    out, _, code = server.search("asylum", str(collection))  # searched here, starts one
    assert code == 0 and "»asylum«" in out.lower()
    assert _wait_for(lambda: server_client.ask(["search", "zzqxj", str(collection)])[0] == "served")


def test_remembered_names_walk_as_a_fresh_walk_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from borderread.data import corpus

    for name in ("a10.txt", "a2.txt", "README", "notes.md.gz", "image.png", "sub/b.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"text\n")
    fresh = corpus.discover([tmp_path])
    monkeypatch.setattr(corpus, "_remembered", {})
    assert corpus.discover([tmp_path]) == fresh
    assert corpus.discover([tmp_path]) == fresh  # from the remembered names
    (tmp_path / "a2.txt").rename(tmp_path / "a3.png")
    (tmp_path / "a1.txt").write_bytes(b"new\n")
    monkeypatch.setattr(corpus, "_remembered", None)
    changed = corpus.discover([tmp_path])
    monkeypatch.setattr(corpus, "_remembered", {})
    assert corpus.discover([tmp_path]) == changed
    assert [s.id for s in changed[0]] == ["a1.txt", "a10.txt", "notes.md.gz", "README", "sub/b.txt"]


def _indexed_seeds(tmp_path: Path, seeds: Path) -> tuple[Path, Path]:
    """A copy of the seeds, and a cache folder with their articles and saved index."""
    folder, cache_folder = tmp_path / "articles", tmp_path / "cache"
    shutil.copytree(seeds, folder)
    articles = load_corpus([folder], CollectionCache(cache_folder)).articles
    search_cache.save_index(cache_folder, SearchIndex(articles))
    return folder, cache_folder


def _saved(folder: Path, cache_folder: Path) -> saved_collection.SavedCollection:
    found = saved_collection.saved_index(
        cache_folder, discover([folder])[0], CollectionCache(cache_folder)
    )
    assert found is not None
    return found


def test_remembered_articles_are_reused_only_while_their_file_is_unchanged(
    tmp_path: Path, seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cache_folder = _indexed_seeds(tmp_path, seeds)
    monkeypatch.setattr(saved_collection, "_remembered", {})

    def first_hit(query: str) -> tuple[object, str]:
        saved = _saved(folder, cache_folder)
        hit = saved.index.search(query, limit=1)[0]
        return saved.index.article(hit.article_id), hit.article_id

    article, article_id = first_hit("Sheinbaum")
    again, _ = first_hit("Sheinbaum")
    assert again is article  # its text was read: the same article, not read again
    path = folder / article_id
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000_000))
    load_corpus([folder], CollectionCache(cache_folder))  # the cache re-learns the file
    search_cache.save_index(cache_folder, SearchIndex(load_corpus([folder]).articles))
    fresh, _ = first_hit("Sheinbaum")
    assert fresh is not article and fresh == article  # made again for the new stamp


def test_reading_ahead_reads_the_last_collection_searched_within_its_budget(
    tmp_path: Path, seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cache_folder = _indexed_seeds(tmp_path, seeds)
    monkeypatch.setattr(saved_collection, "_remembered", {})
    monkeypatch.setattr(saved_collection, "_ahead", None)
    assert not saved_collection.read_ahead(10)  # nothing searched yet

    def saved() -> saved_collection.SavedCollection:
        return _saved(folder, cache_folder)

    count = len(saved().index.articles)
    while saved_collection.read_ahead(2):
        pass
    remembered = saved_collection._remembered
    assert remembered is not None and len(remembered) == count
    assert all(article.is_read for article in remembered.values())
    index = saved().index  # every article now comes from memory, read already
    assert all(index.articles[n] in remembered.values() for n in range(count))

    monkeypatch.setattr(saved_collection, "_remembered", {})
    monkeypatch.setattr(saved_collection, "READ_AHEAD_CHARS", 1)
    saved()
    assert not saved_collection.read_ahead(10)  # one article is over the budget: it stops
    assert len(saved_collection._remembered or {}) == 1
