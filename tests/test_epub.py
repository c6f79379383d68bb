"""EPUB books (#13): one article per book, chapters in spine order, the table of contents
as the outline, metadata from the package; safe against entities and zip bombs."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from borderread.data import epub as epub_module
from borderread.data.corpus import Source, load_article, load_corpus
from borderread.data.decode import NotText

CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
</rootfiles></container>"""
OPF = """<?xml version="1.0"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title>A Book of Rivers</dc:title><dc:creator>Ada Lovelace</dc:creator>
<dc:date>2020-06-01</dc:date></metadata>
<manifest>
<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
<item id="c1" href="text/one.xhtml" media-type="application/xhtml+xml"/>
<item id="c2" href="text/two.xhtml" media-type="application/xhtml+xml"/>
</manifest>
<spine><itemref idref="c2"/><itemref idref="c1"/></spine>
</package>"""
NAV = """<?xml version="1.0"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><body>
<nav epub:type="toc"><ol><li><a href="text/two.xhtml">The Source</a></li>
<li><a href="text/one.xhtml">The Mouth</a></li></ol></nav></body></html>"""
TWO = """<?xml version="1.0"?>
<html xmlns="http://www.w3.org/1999/xhtml"><body>
<p>Every river starts as rain on the hills, gathered in streams that join one another.</p>
<ul><li>First the springs</li><li>Then the <em>brooks</em></li></ul>
</body></html>"""
ONE = """<?xml version="1.0"?>
<!DOCTYPE html [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<html xmlns="http://www.w3.org/1999/xhtml"><body>
<h1>The Mouth of the River</h1>
<p>At the coast the water slows, spreads and drops the silt it carried &secret; from the hills.</p>
<blockquote><p>A quoted line about the sea.</p></blockquote>
<pre>code  kept   as it is</pre>
</body></html>"""


def _write_epub(path: Path, chapters: dict[str, str] | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/epub+zip")
        book.writestr("META-INF/container.xml", CONTAINER)
        book.writestr("OEBPS/content.opf", OPF)
        book.writestr("OEBPS/nav.xhtml", NAV)
        for name, text in (chapters or {"one": ONE, "two": TWO}).items():
            book.writestr(f"OEBPS/text/{name}.xhtml", text, zipfile.ZIP_DEFLATED)
    return path


def test_a_book_is_one_article_in_spine_order(tmp_path: Path) -> None:
    article = load_article(Source(_write_epub(tmp_path / "rivers.epub"), "rivers.epub"))
    meta = article.meta
    assert (meta.title, meta.author, meta.date) == (
        "A Book of Rivers",
        "Ada Lovelace",
        "2020-06-01",
    )
    # The second file comes first in the spine; it has no heading: the nav's title is one.
    assert [h.text for h in article.headings] == ["The Source", "The Mouth of the River"]
    kinds = [b.kind for b in article.body]
    assert kinds.count("list_item") == 2 and "quote" in kinds and "code" in kinds
    code = next(b for b in article.body if b.kind == "code")
    assert code.text == "code  kept   as it is"
    body = " ".join(b.text for b in article.body)
    assert "root:" not in body and "&secret;" in body  # the entity was not resolved
    assert "Every river starts as rain" in body.split("The Mouth")[0]


def test_books_are_found_in_folders(tmp_path: Path) -> None:
    _write_epub(tmp_path / "rivers.epub")
    assert [a.title for a in load_corpus([tmp_path]).articles] == ["A Book of Rivers"]


def test_damaged_books_and_zip_bombs_say_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "junk.epub").write_bytes(b"PK not really a zip")
    with pytest.raises(NotText, match="damaged EPUB"):
        load_article(Source(tmp_path / "junk.epub", "junk.epub"))
    monkeypatch.setattr(epub_module, "MAX_MEMBER_BYTES", 10_000)
    bomb = _write_epub(tmp_path / "bomb.epub", {"one": ONE, "two": TWO.replace(
        "<p>Every", "<p>" + "a" * 50_000 + " Every")})  # fmt: skip
    with pytest.raises(NotText, match="too large"):
        load_article(Source(bomb, "bomb.epub"))


OPF2 = """<?xml version="1.0"?>
<package xmlns="http://www.idpf.org/2007/opf" version="2.0">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title>Old Rivers</dc:title><dc:creator>Grace Hopper</dc:creator>
<dc:date>1999-03-04</dc:date></metadata>
<manifest>
<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
<item id="c1" href="text/one.xhtml" media-type="application/xhtml+xml"/>
<item id="c2" href="text/two.xhtml" media-type="application/xhtml+xml"/>
</manifest>
<spine toc="ncx"><itemref idref="c2"/><itemref idref="c1"/></spine>
</package>"""
NCX = """<?xml version="1.0"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><navMap>
<navPoint id="p1" playOrder="1"><navLabel><text>Where It Starts</text></navLabel>
<content src="text/two.xhtml"/></navPoint>
<navPoint id="p2" playOrder="2"><navLabel><text>Where It Ends</text></navLabel>
<content src="text/one.xhtml"/></navPoint>
</navMap></ncx>"""


def test_an_epub_2_book_takes_its_outline_from_the_ncx(tmp_path: Path) -> None:
    path = tmp_path / "old.epub"
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/epub+zip")
        book.writestr("META-INF/container.xml", CONTAINER)
        book.writestr("OEBPS/content.opf", OPF2)
        book.writestr("OEBPS/toc.ncx", NCX)
        book.writestr("OEBPS/text/one.xhtml", ONE)
        book.writestr("OEBPS/text/two.xhtml", TWO)
    article = load_article(Source(path, "old.epub"))
    meta = article.meta
    assert (meta.title, meta.author, meta.date) == ("Old Rivers", "Grace Hopper", "1999-03-04")
    # The chapter without a heading is titled from the NCX; the other keeps its own.
    assert [h.text for h in article.headings] == ["Where It Starts", "The Mouth of the River"]
    assert "Every river starts as rain" in " ".join(b.text for b in article.body)
