"""Loading folders and files: order, ids, references, and everything that must be skipped."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from borderread.data import corpus as corpus_module
from borderread.data.corpus import ArticleNotFound, load_corpus, natural_key

PARAGRAPH = "A paragraph of the article that is long enough to be body text, really."


def _write(path: Path, text: str = PARAGRAPH, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def test_folders_are_walked_recursively_in_natural_order(tmp_path: Path) -> None:
    for name in [
        "b/a10.md",
        "b/a2.txt",
        "a1.text",
        "c.markdown",
        "ignored.png",
        ".hidden.txt",
        ".git/x.txt",
        "A3.TXT",
    ]:
        _write(tmp_path / name)
    corpus = load_corpus([tmp_path])
    assert [a.id for a in corpus.articles] == [
        "a1.text",
        "A3.TXT",
        "b/a2.txt",
        "b/a10.md",
        "c.markdown",
    ]
    assert [(s.path.name, s.ignored) for s in corpus.skipped] == [("ignored.png", True)]


def test_natural_key() -> None:
    assert sorted(["x10", "x9", "X1"], key=natural_key) == ["X1", "x9", "x10"]


def test_names_of_digits_that_are_not_decimal_are_sorted_as_text(tmp_path: Path) -> None:
    # "²" and "①" are digits to str.isdigit but not numbers to int(): `borderread list`
    # on a folder holding a file named "²" crashed with a ValueError.
    assert sorted(["b", "²", "①", "a2", "a١٠", "a3"], key=natural_key) == [
        "a2", "a3", "a١٠", "b", "²", "①"
    ]  # fmt: skip
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in ("²", "①", "③.txt", "x².txt"):
        (folder / name).write_text("A title\n\nA paragraph of text long enough to keep.\n")
    corpus = load_corpus([folder])
    assert sorted(a.id for a in corpus.articles) == ["x².txt", "③.txt"]
    assert sorted(s.path.name for s in corpus.skipped) == ["²", "①"]


def test_ids_are_relative_to_the_given_folder_and_stable(tmp_path: Path) -> None:
    _write(tmp_path / "deep" / "one.txt")
    first = load_corpus([tmp_path]).articles[0].id
    second = load_corpus([tmp_path]).articles[0].id
    assert first == second == "deep/one.txt"
    assert load_corpus([tmp_path / "deep"]).articles[0].id == "one.txt"


def test_explicit_files_load_whatever_their_suffix(tmp_path: Path) -> None:
    path = _write(tmp_path / "notes.rst")
    assert [a.id for a in load_corpus([path]).articles] == ["notes.rst"]


def test_same_file_twice_is_loaded_once_and_same_names_get_distinct_ids(tmp_path: Path) -> None:
    one = _write(tmp_path / "x" / "a.txt")
    two = _write(tmp_path / "y" / "a.txt", PARAGRAPH + " Other.")
    corpus = load_corpus([one, one, two])
    assert [a.id for a in corpus.articles] == ["a.txt", "a.txt~2"]


def test_find_by_id_prefix_and_path(seeds: Path) -> None:
    corpus = load_corpus([seeds])
    assert corpus.find("003").id.startswith("003_")
    assert corpus.find("004_bd8505de0a0b0494.txt").id.startswith("004")
    assert corpus.find(str(seeds / "001_256f042c0728b39f.txt")).id.startswith("001")
    with pytest.raises(ArticleNotFound, match="matches 5 articles"):
        corpus.find("00")
    with pytest.raises(ArticleNotFound, match="no article matches"):
        corpus.find("zzz")


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_all_line_endings_give_the_same_article(tmp_path: Path, newline: str) -> None:
    text = newline.join(["Title Line", "", PARAGRAPH, "", "Heading Line", "", "Another one here."])
    article = load_corpus([_write(tmp_path / "a.txt", text)]).articles[0]
    assert [b.role for b in article.blocks] == ["title", "text", "heading", "text"]


def test_binary_files_are_skipped_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    _write(tmp_path / "good.txt")
    corpus = load_corpus([tmp_path])
    assert [a.id for a in corpus.articles] == ["good.txt"]
    assert [(s.path.name, "binary" in s.reason) for s in corpus.skipped] == [("image.txt", True)]


def test_broken_links_and_symlink_loops_are_skipped(tmp_path: Path) -> None:
    _write(tmp_path / "good.txt")
    (tmp_path / "broken.txt").symlink_to(tmp_path / "missing.txt")
    (tmp_path / "loop").symlink_to(tmp_path)
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    corpus = load_corpus([tmp_path])
    assert [a.id for a in corpus.articles] == ["good.txt"]
    reasons = {s.path.name: s.reason for s in corpus.skipped}
    assert reasons == {
        "broken.txt": "broken link",
        "loop": "symlink loop (folder already visited)",
        "self.txt": "symlink loop",
    }


def test_a_fifo_is_skipped_without_hanging(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    _write(tmp_path / "good.txt")
    result: list[object] = []
    worker = threading.Thread(target=lambda: result.append(load_corpus([tmp_path])), daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), "loading a folder with a FIFO hung"
    corpus = result[0]
    assert isinstance(corpus, corpus_module.Corpus)
    assert [s.path.name for s in corpus.skipped] == ["pipe.txt"]
    assert "FIFO" in corpus.skipped[0].reason
    fifo_only = load_corpus([tmp_path / "pipe.txt"])
    assert fifo_only.articles == [] and "FIFO" in fifo_only.skipped[0].reason


def test_unreadable_files_are_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = _write(tmp_path / "secret.txt")
    _write(tmp_path / "good.txt")
    real_open = os.open

    def deny(path: object, flags: int, *args: object) -> int:
        if Path(str(path)) == secret:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr("borderread.data.jsonfile.os.open", deny)
    corpus = load_corpus([tmp_path])
    assert [a.id for a in corpus.articles] == ["good.txt"]
    assert [(s.path.name, s.reason) for s in corpus.skipped] == [
        ("secret.txt", "permission denied")
    ]


def test_missing_root_is_reported(tmp_path: Path) -> None:
    corpus = load_corpus([tmp_path / "nope"])
    assert corpus.articles == []
    assert corpus.skipped[0].reason == "does not exist"


def test_legacy_and_utf16_files_decode(tmp_path: Path) -> None:
    _write(tmp_path / "a.txt", "“Quoted” café. " + PARAGRAPH, "cp1252")
    (tmp_path / "b.txt").write_bytes(b"\xff\xfe" + ("Darién. " + PARAGRAPH).encode("utf-16-le"))
    articles = load_corpus([tmp_path]).articles
    assert articles[0].body[0].text.startswith("“Quoted” café.")
    assert articles[0].encoding == "cp1252"
    assert articles[1].body[0].text.startswith("Darién.")


def test_first_source_is_found_without_a_full_scan(tmp_path: Path) -> None:
    from borderread.data.corpus import first_source

    for name in ["b/x10.txt", "b/x9.txt", "a/.hidden.txt", "a/notes.odt", "c.md"]:
        _write(tmp_path / name)
    first = first_source([tmp_path])
    assert first is not None and first.id == "b/x9.txt"
    assert first.id == load_corpus([tmp_path]).articles[0].id
    preferred = first_source([tmp_path], tmp_path / "c.md")
    assert preferred is not None and preferred.id == "c.md"
    elsewhere = first_source([tmp_path / "b"], tmp_path / "c.md")  # not under the roots
    assert elsewhere is not None and elsewhere.id == "x9.txt"
    assert first_source([tmp_path / "a"]) is None


def test_one_mapping_between_body_paragraphs_and_blocks(seeds: Path) -> None:
    for article in load_corpus([seeds]).articles:
        for paragraph, block in enumerate(article.body_blocks):
            assert article.blocks[block] is article.body[paragraph]
            assert article.block_of(paragraph) == block
            assert article.paragraph_of(block) == paragraph
            assert article.paragraph_from(block) == paragraph
        not_body = [i for i, b in enumerate(article.blocks) if not b.is_body]
        assert not_body and all(article.paragraph_of(i) is None for i in not_body)
        before_first = article.body_blocks[0] - 1
        if before_first >= 0:
            assert article.paragraph_from(before_first) == 0
        assert article.paragraph_from(len(article.blocks) + 5) == len(article.body) - 1


def test_files_people_keep_are_read_and_the_rest_counted(tmp_path: Path) -> None:
    import gzip

    _write(tmp_path / "README", f"Readme Title\n\n{PARAGRAPH}\n")
    _write(tmp_path / "NEWS.Debian")
    _write(tmp_path / "guide.rst", f"Guide\n=====\n\n{PARAGRAPH}\n")
    (tmp_path / "changelog.gz").write_bytes(gzip.compress(f"Changes\n\n{PARAGRAPH}\n".encode()))
    (tmp_path / "notes.md.gz").write_bytes(gzip.compress(b"# Notes\n\n- one\n- two\n"))
    _write(tmp_path / "README.docx", "not read as text")
    _write(tmp_path / "picture.png", "not text")
    _write(tmp_path / "script.py", "print('no')")
    corpus = load_corpus([tmp_path])
    assert sorted((a.id for a in corpus.articles), key=str.lower) == [
        "changelog.gz", "guide.rst", "NEWS.Debian", "notes.md.gz", "README",
    ]  # fmt: skip
    notes = next(a for a in corpus.articles if a.id == "notes.md.gz")
    assert [b.kind for b in notes.body] == ["list_item", "list_item"]  # read as Markdown
    assert sorted((s.path.name for s in corpus.skipped if s.ignored), key=str.lower) == [
        "picture.png", "README.docx", "script.py",
    ]  # fmt: skip
    summary = corpus_module.skipped_summary(corpus.skipped)
    assert summary == "3 files skipped: 3 not text (see borderread list --skipped)"


def test_a_file_named_on_its_own_is_read_whatever_its_name(tmp_path: Path) -> None:
    path = _write(tmp_path / "notes-without-suffix", f"Plain Notes\n\n{PARAGRAPH}\n")
    corpus = load_corpus([path])
    assert [a.title for a in corpus.articles] == ["Plain Notes"]


def test_gzip_is_capped_and_damage_is_a_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gzip

    monkeypatch.setattr(corpus_module, "MAX_FILE_BYTES", 10_000)
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * 1_000_000))
    (tmp_path / "cut.txt.gz").write_bytes(gzip.compress(PARAGRAPH.encode() * 50)[:40])
    (tmp_path / "junk.txt.gz").write_bytes(b"\x1f\x8b this is not deflate data at all")
    two = gzip.compress(b"First member.\n\n") + gzip.compress(PARAGRAPH.encode())
    (tmp_path / "two.txt.gz").write_bytes(two)
    corpus = load_corpus([tmp_path])
    reasons = {s.path.name: s.reason for s in corpus.skipped}
    assert reasons["bomb.txt.gz"].startswith("decompresses to more than")
    assert "damaged" in reasons["cut.txt.gz"] and "damaged" in reasons["junk.txt.gz"]
    assert [a.raw for a in corpus.articles] == ["First member.\n\n" + PARAGRAPH]
