"""EPUB books with the standard library's zipfile and lxml: one article per book.

The OPF package gives the metadata (``dc:title``, ``dc:creator``, ``dc:date``) and the
spine, the reading order of the chapters; each chapter's XHTML becomes Markdown (headings,
paragraphs, lists, quotes, code, tables) for the reader's usual Markdown path, and a chapter
without a heading of its own gets its title from the book's table of contents (nav or NCX),
so the outline lists the chapters. XML is parsed without entities or network access, and
every read is capped, against zip bombs.
"""

from __future__ import annotations

import posixpath
import zipfile
from io import BytesIO
from typing import Any
from urllib.parse import unquote

from borderread.data.decode import NotText

MAX_MEMBER_BYTES = 16 * 1024 * 1024
MAX_BOOK_BYTES = 128 * 1024 * 1024
_NS = {
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
}
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_CONTAINERS = frozenset({"div", "section", "article", "main", "header", "footer", "aside",
                         "figure", "figcaption", "nav", "body", "center", "details", "dl",
                         "dt", "dd"})  # fmt: skip
_LIST_PARTS = frozenset({"script", "style", "ul", "ol"})
"""What a list item's own line leaves out: its nested lists come after it."""
_BLOCK_TAGS = _CONTAINERS | set(_HEADINGS) | {"p", "ul", "ol", "blockquote", "pre", "table", "hr"}


class _Book:
    """Reads members of the zip with the caps applied."""

    def __init__(self, data: bytes) -> None:
        try:
            self.zip = zipfile.ZipFile(BytesIO(data))
        except (zipfile.BadZipFile, ValueError) as error:
            raise NotText(f"damaged EPUB ({error})") from None
        self.read_so_far = 0

    def read(self, name: str) -> bytes:
        try:
            with self.zip.open(name) as member:
                data = member.read(MAX_MEMBER_BYTES + 1)
        except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, ValueError) as error:
            raise NotText(f"damaged EPUB ({name}: {error})") from None
        self.read_so_far += len(data)
        if len(data) > MAX_MEMBER_BYTES or self.read_so_far > MAX_BOOK_BYTES:
            raise NotText("EPUB too large once decompressed (a zip bomb?)")
        return data

    def xml(self, name: str) -> Any:
        from lxml import etree

        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True
        )
        try:
            root = etree.fromstring(self.read(name), parser=parser)
        except etree.XMLSyntaxError as error:
            raise NotText(f"damaged EPUB ({name}: {error})") from None
        if root is None:
            raise NotText(f"damaged EPUB ({name} is empty)")
        return root


def epub_to_text(data: bytes) -> str:
    """The book as Markdown: front matter, then its chapters in reading order."""
    book = _Book(data)
    container = book.xml("META-INF/container.xml")
    rootfile = container.find(".//c:rootfile", _NS)
    if rootfile is None or not rootfile.get("full-path"):
        raise NotText("damaged EPUB (no package file named in META-INF/container.xml)")
    opf_path = rootfile.get("full-path")
    package = book.xml(opf_path)
    base = posixpath.dirname(opf_path)
    manifest = {
        item.get("id"): item
        for item in package.iterfind(".//opf:manifest/opf:item", _NS)
        if item.get("id") and item.get("href")
    }
    titles = _toc_titles(book, package, manifest, base)
    parts = [_front_matter(package)]
    for itemref in package.iterfind(".//opf:spine/opf:itemref", _NS):
        item = manifest.get(itemref.get("idref"))
        if item is None or "html" not in (item.get("media-type") or ""):
            continue
        href = _join(base, item.get("href"))
        chapter = _chapter_markdown(book.xml(href))
        title = titles.get(href)
        if title and not chapter.lstrip().startswith("#"):
            chapter = f"# {_escape(title)}\n\n{chapter}"
        parts.append(chapter)
    if not any(part.strip() for part in parts[1:]):
        raise NotText("EPUB without readable chapters")
    return "\n\n".join(part for part in parts if part.strip()) + "\n"


def _join(base: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(base, unquote(href.split("#", 1)[0])))


def _front_matter(package: Any) -> str:
    fields = []
    for tag, name in (("title", "title"), ("creator", "author"), ("date", "date")):
        element = package.find(f".//dc:{tag}", _NS)
        value = " ".join((element.text or "").split()) if element is not None else ""
        if value:
            fields.append(f"{name}: {value}")
    return "---\n" + "\n".join(fields) + "\n---\n" if fields else ""


def _toc_titles(book: _Book, package: Any, manifest: dict[str, Any], base: str) -> dict[str, str]:
    """Chapter file -> its title in the table of contents (EPUB 3 nav, else EPUB 2 NCX)."""
    titles: dict[str, str] = {}
    nav = next((i for i in manifest.values() if "nav" in (i.get("properties") or "").split()), None)
    if nav is not None:
        nav_path = _join(base, nav.get("href"))
        root = book.xml(nav_path)
        for link in root.iter("{*}a"):
            if link.get("href"):
                target = _join(posixpath.dirname(nav_path), link.get("href"))
                titles.setdefault(target, " ".join("".join(link.itertext()).split()))
        return titles
    spine = package.find(".//opf:spine", _NS)
    ncx = manifest.get(spine.get("toc")) if spine is not None else None
    if ncx is not None:
        ncx_path = _join(base, ncx.get("href"))
        for point in book.xml(ncx_path).iterfind(".//ncx:navPoint", _NS):
            label = point.find("ncx:navLabel/ncx:text", _NS)
            content = point.find("ncx:content", _NS)
            if label is not None and content is not None and content.get("src"):
                target = _join(posixpath.dirname(ncx_path), content.get("src"))
                titles.setdefault(target, " ".join((label.text or "").split()))
    return titles


def _escape(text: str) -> str:
    """Text that Markdown shows as it is (no emphasis, links or HTML from the book)."""
    special = "\\`*_[]<>#|"
    return "".join(f"\\{char}" if char in special else char for char in text)


def _inline(element: Any, skip: frozenset[str] = frozenset({"script", "style"})) -> str:
    """An element's text as Markdown on one line, emphasis kept, ``skip`` tags left out."""
    out = [_escape(element.text or "")]
    for child in element:
        tag = _tag(child)
        inner = _inline(child) if tag not in skip else ""
        if tag in ("em", "i") and inner.strip():
            out.append(f"*{inner.strip()}*")
        elif tag in ("strong", "b") and inner.strip():
            out.append(f"**{inner.strip()}**")
        elif tag == "br":
            out.append(" ")
        else:
            out.append(inner)
        out.append(_escape(child.tail or ""))
    return " ".join("".join(out).split())


def _tag(element: Any) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.rsplit("}", 1)[-1].lower()


def _chapter_markdown(root: Any) -> str:
    body = next(root.iter("{*}body"), root)
    blocks: list[str] = []
    _blocks(body, blocks, "")
    return "\n\n".join(block for block in blocks if block.strip())


def _blocks(element: Any, out: list[str], indent: str) -> None:
    """Markdown blocks for the children of ``element`` (``indent`` inside list items)."""
    for child in element:
        tag = _tag(child)
        if tag in _HEADINGS:
            out.append(f"{'#' * _HEADINGS[tag]} {_inline(child)}")
        elif tag == "p":
            out.append(indent + _inline(child))
        elif tag in ("ul", "ol"):
            for number, item in enumerate(child.iterfind("{*}li"), start=1):
                marker = f"{number}." if tag == "ol" else "-"
                nested: list[str] = []
                _blocks(item, nested, indent + "   ")
                first = _inline(item, skip=_LIST_PARTS)
                out.append(f"{indent}{marker} {first}")
                out.extend(nested)
        elif tag == "blockquote":
            inner: list[str] = []
            _blocks(child, inner, "")
            if not inner:
                inner = [_inline(child)]
            out.append("\n".join(f"> {line}" for block in inner for line in block.split("\n")))
        elif tag == "pre":
            code = "".join(child.itertext()).rstrip("\n")
            fence = "~~~~" if "```" in code else "```"
            out.append(f"{fence}\n{code}\n{fence}")
        elif tag == "table":
            out.append(_table(child))
        elif tag in ("hr",):
            out.append("---")
        elif tag in _CONTAINERS:
            if any(_tag(grandchild) in _BLOCK_TAGS for grandchild in child):
                _blocks(child, out, indent)
            elif _inline(child):
                out.append(indent + _inline(child))  # a div of text is a paragraph


def _table(table: Any) -> str:
    rows = []
    for row in table.iter("{*}tr"):
        cells = [_inline(cell).replace("|", "\\|") for cell in row if _tag(cell) in ("td", "th")]
        if cells:
            rows.append(cells)
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    lines = ["| " + " | ".join(row + [""] * (width - len(row))) + " |" for row in rows]
    lines.insert(1, "|" + "---|" * width)
    return "\n".join(lines)
